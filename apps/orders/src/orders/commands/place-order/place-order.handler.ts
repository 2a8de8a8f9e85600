import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { CustomerReplicaRepository } from '../../../customer-replica/database/customer-replica.repository';
import { OrdersConfig } from '../../../orders.config';
import { readReplica } from '../../../replica/read-replica';
import { ProductReplicaRepository } from '../../../product-replica/database/product-replica.repository';
import { ORDERS_COLLECTION } from '../../database/order.document';
import { OrderMapper } from '../../database/order.mapper';
import { orderChanged } from '../../domain/order-changed.factory';
import { decidePlaceOrder } from '../../domain/order.decider';
import { Order, PlaceOrderCommand } from '../../domain/order.types';

@Injectable()
export class PlaceOrderHandler {
  constructor(
    private readonly writer: CommandWriter,
    private readonly customers: CustomerReplicaRepository,
    private readonly products: ProductReplicaRepository,
    private readonly config: OrdersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** `customerMinVersion` lets a caller who just saved the customer wait for the replica to catch up. */
  async execute(cmd: Omit<PlaceOrderCommand, 'orderId'>, correlationId: string, customerMinVersion?: number): Promise<Order> {
    // A caller who names the version it wrote gets 503 REPLICA.NOT_CAUGHT_UP while the replica lags,
    // never an order built from an older customer, nor "unknown customer" for one it has not seen yet.
    const customer = customerMinVersion
      ? await readReplica(this.customers, 'CUSTOMER', cmd.customerId, customerMinVersion, this.config.REPLICA_WAIT_MAX_MS)
      : await this.customers.findById(cmd.customerId);
    const products = await this.products.findMany([...new Set(cmd.items.map((i) => i.productId))]);
    const now = this.clock.now();
    const decision = decidePlaceOrder({ ...cmd, orderId: this.ids.next() }, customer, products, now);
    if (!decision.ok) throw decision.error;
    const order = decision.value;
    // A new order and its first event in one insert; a fresh id never conflicts.
    const written = await this.writer.write(
      {
        collection: ORDERS_COLLECTION,
        document: OrderMapper.toPersistence(order),
        expectedVersion: null,
        events: [{ topic: Topic.OrderEvents, build: (meta) => orderChanged(order, undefined, meta) }],
      },
      { now, correlationId },
    );
    if (written === 'conflict') throw new Error(`order id ${order.snapshot.orderId} already taken`);
    return order;
  }
}
