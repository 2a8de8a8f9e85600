import { IdempotencyModule } from '@app/idempotency';
import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { OrdersConfig } from './orders.config';
import { ORDERS_COLLECTION } from './orders/database/order.document';
import { OrdersModule } from './orders/orders.module';
import { ReplicaGenerationsModule } from './replica/replica-generations.module';

@Module({})
export class OrdersAppModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersAppModule,
      imports: [
        // A rebuild of the replicas must not publish the orders' outbox (the live service does).
        ServiceModule.forRoot({ clientId: 'orders', configClass: OrdersConfig, config, outboxCollections: config.REBUILD_TARGET ? [] : [ORDERS_COLLECTION], consumes: true }),
        IdempotencyModule,
        ReplicaGenerationsModule,
        OrdersModule,
      ],
    };
  }
}
