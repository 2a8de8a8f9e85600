import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { Topic } from '@app/contracts';
import { Outbox, toOutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { ORDERS_COLLECTION } from '../../database/order.document';
import { OrderRepository } from '../../database/order.repository';
import { orderChanged } from '../../domain/order-changed.factory';
import { decideStatusChange } from '../../domain/order.decider';
import { OrderErrors } from '../../domain/order.errors';
import { ChangeOrderStatusCommand, Order } from '../../domain/order.types';

@Injectable()
export class ChangeOrderStatusHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(cmd: ChangeOrderStatusCommand, correlationId: string): Promise<Order> {
    const current = await this.orders.findById(cmd.orderId);
    if (!current) throw OrderErrors.notFound(cmd.orderId);
    const decision = decideStatusChange(current, cmd, this.clock.now());
    if (!decision.ok) throw decision.error;
    const order = decision.value;
    const event = orderChanged(order, current.snapshot.status, { eventId: this.ids.next(), occurredAt: this.clock.now(), correlationId });
    if (!(await this.orders.update(order, current.version, toOutboxEntry(Topic.OrderEvents, event)))) {
      throw OrderErrors.concurrentWrite(cmd.orderId);
    }
    this.outbox.written(ORDERS_COLLECTION);
    return order;
  }
}
