import { CLOCK, Clock } from '@app/core';
import { Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { ORDERS_COLLECTION } from '../../database/order.document';
import { OrderMapper } from '../../database/order.mapper';
import { OrderRepository } from '../../database/order.repository';
import { orderChanged } from '../../domain/order-changed.factory';
import { decideStatusChange } from '../../domain/order.decider';
import { OrderErrors } from '../../domain/order.errors';
import { ChangeOrderStatusCommand, Order } from '../../domain/order.types';

@Injectable()
export class ChangeOrderStatusHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly writer: CommandWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: ChangeOrderStatusCommand, correlationId: string): Promise<Order> {
    const current = await this.orders.findById(cmd.orderId);
    if (!current) throw OrderErrors.notFound(cmd.orderId);
    const now = this.clock.now();
    const decision = decideStatusChange(current, cmd, now);
    if (!decision.ok) throw decision.error;
    const order = decision.value;
    const written = await this.writer.write(
      {
        collection: ORDERS_COLLECTION,
        document: OrderMapper.toPersistence(order),
        expectedVersion: current.version,
        events: [{ topic: Topic.OrderEvents, build: (meta) => orderChanged(order, current.snapshot.status, meta) }],
      },
      { now, correlationId },
    );
    if (written === 'conflict') throw OrderErrors.concurrentWrite(cmd.orderId);
    return order;
  }
}
