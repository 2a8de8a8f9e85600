import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { ViewProjector } from '../../../views/view-projector';
import { FLUSH_CHUNK } from '../../../views/state/keyed-cache';
import { EventIndexRepository, IndexedEvent } from '../../database/event-index.repository';

/** The stream an event belongs to, named after its topic: one aggregate id can have several streams. */
export const STREAM_OF_TOPIC: Record<string, string> = {
  [Topic.CustomerChange]: 'customer',
  [Topic.OrderEvents]: 'order',
  [Topic.ProductEvents]: 'product',
  [Topic.ReviewEvents]: 'review',
  [Topic.StockAlerts]: 'stock-alert',
};

/**
 * The event index: every event of every event-store topic, readable per aggregate like an event
 * store's stream. Applied events wait in memory and are inserted in bounded bulks at each flush.
 */
@Injectable()
export class EventIndexProjector implements ViewProjector {
  readonly view = 'history';
  readonly topics = Object.keys(STREAM_OF_TOPIC);
  private buffered: IndexedEvent[] = [];

  constructor(private readonly index: EventIndexRepository) {}

  async apply(events: ConsumedEvent[]): Promise<void> {
    for (const { event, ctx } of events) {
      this.buffered.push({
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
      });
    }
  }

  pending(): number {
    return this.buffered.length;
  }

  /**
   * Inserts the events buffered so far (events applied meanwhile wait for the next flush). Keyed by
   * event id: a chunk inserted before a failed one is not inserted twice when the flush is retried.
   */
  async flush(): Promise<'ok'> {
    for (let left = this.buffered.length; left > 0; ) {
      const chunk = this.buffered.slice(0, Math.min(FLUSH_CHUNK, left));
      await this.index.add(chunk);
      this.buffered = this.buffered.slice(chunk.length);
      left -= chunk.length;
    }
    return 'ok';
  }

  reset(): void {
    this.buffered = [];
  }
}
