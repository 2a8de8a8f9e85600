import { ServiceDefinition } from '@app/platform';
import { AccountsConfig } from './accounts.config';
import { AccountsModule } from './accounts.module';

export const accountsService: ServiceDefinition<AccountsConfig> = {
  name: 'accounts',
  description: 'Customers: the system of record. Every change is published as CustomerChanged carrying the full state.',
  configClass: AccountsConfig,
  module: (config) => AccountsModule.forRoot(config),
};
