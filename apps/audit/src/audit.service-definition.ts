import { ServiceDefinition } from '@app/platform';
import { AuditAppModule } from './audit-app.module';
import { AuditConfig } from './audit.config';

export const auditService: ServiceDefinition<AuditConfig> = {
  name: 'audit',
  description: 'Audit log of every order version, fed by Dapr pub/sub (orders.order.events) and kept through a Dapr output binding.',
  configClass: AuditConfig,
  module: (config) => AuditAppModule.forRoot(config),
};
