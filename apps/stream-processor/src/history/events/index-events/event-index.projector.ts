import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ViewProjector } from '../../../views/view-projector';
import { EventIndexRepository } from '../../database/event-index.repository';

/** The stream an event belongs to, named after its topic: one aggregate id can have several streams. */
export const STREAM_OF_TOPIC: Record<string, string> = {
  [Topic.CustomerChange]: 'customer',
  [Topic.OrderEvents]: 'order',
  [Topic.ProductEvents]: 'product',
  [Topic.ReviewEvents]: 'review',
  [Topic.StockAlerts]: 'stock-alert',
};

/** The event index: every event of every event-store topic, readable per aggregate like an event store's stream. */
@Injectable()
export class EventIndexProjector implements ViewProjector {
  readonly view = 'history';
  readonly topics = Object.keys(STREAM_OF_TOPIC);

  constructor(private readonly index: EventIndexRepository) {}

  async project(events: ConsumedEvent[]): Promise<void> {
    await this.index.add(
      events.map(({ event, ctx }) => ({
        eventId: event.eventId,
        stream: STREAM_OF_TOPIC[ctx.topic] ?? ctx.topic,
        aggregateId: event.aggregateId,
        aggregateVersion: event.aggregateVersion,
        type: event.type,
        schemaVersion: event.schemaVersion,
        occurredAt: event.occurredAt,
        correlationId: event.correlationId,
        ...(event.causationId ? { causationId: event.causationId } : {}),
        topic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        payload: event.payload,
      })),
    );
  }
}
