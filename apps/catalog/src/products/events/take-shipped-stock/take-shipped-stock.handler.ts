import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { OrderChanged, Topic } from '@app/contracts';
import { MessageContext, TransientError } from '@app/kafka';
import { Outbox, toOutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PRODUCTS_COLLECTION } from '../../database/product.document';
import { ProductRepository } from '../../database/product.repository';
import { ShippedOrderRepository } from '../../database/shipped-order.repository';
import { productChanged } from '../../domain/product-changed.factory';
import { decideShipment } from '../../domain/product.decider';

const MAX_ATTEMPTS = 10;

/**
 * Choreography: when an order ships, its items leave stock — exactly once per order. A redelivered
 * record is recognised per product by the order-events partition offset stored with the stock change
 * (same atomic write); an OrderChanged resent by the orders outbox (new offset) by the shipped-orders mark.
 */
@Injectable()
export class TakeShippedStockHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly shipped: ShippedOrderRepository,
    private readonly outbox: Outbox,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(event: OrderChanged, ctx: MessageContext): Promise<void> {
    const { order, change } = event.payload;
    if (change !== 'StatusChanged' || order.status !== 'Shipped') return;
    if (await this.shipped.isDone(order.orderId)) return;
    const quantities = new Map<string, number>();
    order.items.forEach((i) => quantities.set(i.productId, (quantities.get(i.productId) ?? 0) + i.quantity));
    for (const [productId, quantity] of quantities) await this.take(productId, quantity, event, ctx);
    await this.shipped.markDone(order.orderId, event.occurredAt);
  }

  private async take(productId: string, quantity: number, event: OrderChanged, ctx: MessageContext): Promise<void> {
    const offset = Number(ctx.offset);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await this.products.findWithShipmentOffset(productId, ctx.partition);
      if (!found) {
        this.logger.warn({ productId, orderId: event.aggregateId }, 'shipped order names an unknown product; nothing taken');
        return;
      }
      if (found.lastOffset >= offset) return;
      const { change, shortfall } = decideShipment(found.product, quantity, event.aggregateId, this.clock.now());
      if (shortfall > 0) this.logger.warn({ productId, orderId: event.aggregateId, shortfall }, 'shipped more than was in stock');
      const written =
        change.kind === 'unchanged'
          ? await this.products.markShipmentOffset(productId, found.product.version, ctx.partition, offset)
          : await this.products.save(
              change.product,
              found.product.version,
              toOutboxEntry(Topic.ProductEvents, productChanged(change, { eventId: this.ids.next(), occurredAt: this.clock.now(), correlationId: event.correlationId, causationId: event.eventId })),
              { partition: ctx.partition, offset },
            );
      if (written) {
        if (change.kind === 'changed') this.outbox.written(PRODUCTS_COLLECTION);
        return;
      }
    }
    throw new TransientError(`product ${productId} kept changing under the shipment of order ${event.aggregateId}`);
  }
}
