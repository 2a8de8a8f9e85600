import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { AccountsConfig } from './accounts.config';
import { CustomersModule } from './customers/customers.module';
import { CUSTOMERS_COLLECTION } from './customers/database/customer.document';

@Module({})
export class AccountsModule {
  static forRoot(config: AccountsConfig): DynamicModule {
    return {
      module: AccountsModule,
      imports: [
        ServiceModule.forRoot({ clientId: 'accounts', configClass: AccountsConfig, config, outboxCollections: [CUSTOMERS_COLLECTION] }),
        CustomersModule,
      ],
    };
  }
}
