import { Module } from '@nestjs/common';
import { CustomerReplicaModule } from '../customer-replica/customer-replica.module';
import { ProductReplicaModule } from '../product-replica/product-replica.module';
import { ChangeOrderStatusHandler } from './commands/change-order-status/change-order-status.handler';
import { ChangeOrderStatusHttpController } from './commands/change-order-status/change-order-status.http.controller';
import { PlaceOrderHandler } from './commands/place-order/place-order.handler';
import { PlaceOrderHttpController } from './commands/place-order/place-order.http.controller';
import { OrderRepository } from './database/order.repository';
import { GetOrderHttpController } from './queries/get-order/get-order.http.controller';
import { ListOrdersHttpController } from './queries/list-orders/list-orders.http.controller';

/** The order bounded context. */
@Module({
  imports: [CustomerReplicaModule, ProductReplicaModule],
  controllers: [ListOrdersHttpController, GetOrderHttpController, PlaceOrderHttpController, ChangeOrderStatusHttpController],
  providers: [OrderRepository, PlaceOrderHandler, ChangeOrderStatusHandler],
})
export class OrdersModule {}
