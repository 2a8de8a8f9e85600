import { DaprModule, DaprReadiness } from '@app/dapr';
import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditConfig } from './audit.config';
import { OrderAuditModule } from './order-audit/order-audit.module';

@Module({})
export class AuditAppModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditAppModule,
      imports: [
        ServiceModule.forRoot({ clientId: 'audit', configClass: AuditConfig, config, mongo: false, kafka: false, extraChecks: [DaprReadiness] }),
        DaprModule,
        OrderAuditModule,
      ],
    };
  }
}
