import { CLOCK, Clock } from '@app/core';
import { OrderChanged, Topic } from '@app/contracts';
import { TransientError } from '@app/kafka';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PRODUCTS_COLLECTION, stockTakeKey } from '../../database/product.document';
import { ProductMapper } from '../../database/product.mapper';
import { ProductRepository } from '../../database/product.repository';
import { ShippedOrderRepository } from '../../database/shipped-order.repository';
import { productChanged } from '../../domain/product-changed.factory';
import { decideStockTake, quantitiesByProduct } from '../../domain/stock-take';

const MAX_ATTEMPTS = 10;

/**
 * Choreography: when an order ships, its items leave stock — exactly once per (order, product), whatever
 * record brings the order (a redelivery, a resend by the orders outbox, a recreated topic): each take is
 * written on the product with the stock change, in one conditional update. Once every product is taken,
 * the order's `shipped_orders` mark is written, and only then the takes are dropped from the products.
 * Partition offsets play no part.
 */
@Injectable()
export class TakeShippedStockHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly shipped: ShippedOrderRepository,
    private readonly writer: CommandWriter,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(event: OrderChanged): Promise<void> {
    const { order, change } = event.payload;
    if (change !== 'StatusChanged' || order.status !== 'Shipped') return;
    const quantities = quantitiesByProduct(order.items);
    const productIds = [...quantities.keys()];
    if (!(await this.shipped.isDone(order.orderId))) {
      for (const [productId, quantity] of quantities) await this.take(productId, quantity, event);
      await this.shipped.markDone(order.orderId, event.occurredAt);
    }
    // Also when already done: a crash between the mark and this left takes behind.
    await this.products.forgetStockTakes(order.orderId, productIds);
  }

  private async take(productId: string, quantity: number, event: OrderChanged): Promise<void> {
    const orderId = event.aggregateId;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await this.products.findWithStockTake(productId, orderId);
      if (!found) {
        this.logger.warn({ productId, orderId }, 'shipped order names an unknown product; nothing taken');
        return;
      }
      // No take on the product may mean it was dropped because another consumer (a rebalance) finished
      // the order meanwhile; the mark is written before the takes are dropped, so reading it after the
      // product tells.
      if (!found.take && (await this.shipped.isDone(orderId))) return;
      const now = this.clock.now();
      const decision = decideStockTake(found.product, found.take, orderId, quantity, now);
      if (decision.kind === 'already-taken') return;
      if (decision.shortfall > 0) this.logger.warn({ productId, orderId, shortfall: decision.shortfall }, 'shipped more than was in stock');
      // The take goes with the stock change and its event, on condition that no take of this order is there yet.
      const { change } = decision;
      const takeField = `stockTakes.${stockTakeKey(orderId)}`;
      const written = await this.writer.write(
        {
          collection: PRODUCTS_COLLECTION,
          document: { ...(change.kind === 'changed' ? ProductMapper.toPersistence(change.product) : { _id: productId }), [takeField]: decision.take },
          expectedVersion: found.product.version,
          condition: { [takeField]: { $exists: false } },
          events: change.kind === 'changed' ? [{ topic: Topic.ProductEvents, build: (meta) => productChanged(change, meta) }] : [],
        },
        { now, correlationId: event.correlationId, causationId: event.eventId },
      );
      if (written === 'written') return;
    }
    throw new TransientError(`product ${productId} kept changing under the shipment of order ${orderId}`);
  }
}
