import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { OrdersConfig } from './orders.config';
import { ORDERS_COLLECTION } from './orders/database/order.document';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class OrdersAppModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersAppModule,
      imports: [
        ServiceModule.forRoot({ clientId: 'orders', configClass: OrdersConfig, config, outboxCollections: [ORDERS_COLLECTION], consumes: true }),
        OrdersModule,
      ],
    };
  }
}
