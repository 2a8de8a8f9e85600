import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ViewProjector } from '../../../views/view-projector';
import { EventIndexRepository } from '../../database/event-index.repository';
import { PendingEvent, pendingEvent } from '../../domain/event-slices';
import { SliceWriter } from '../../domain/slice-writer';

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
 * store's stream. Applied events wait in memory; each flush appends them as one slice document per
 * stream (more for a long run), insert only, and a redelivered event is recognised by the slice ids
 * an earlier writer took (SliceWriter).
 */
@Injectable()
export class EventIndexProjector implements ViewProjector {
  readonly view = 'history';
  readonly topics = Object.keys(STREAM_OF_TOPIC);
  private buffered: PendingEvent[] = [];
  private readonly writer: SliceWriter;

  constructor(
    index: EventIndexRepository,
    private readonly logger: PinoLogger,
  ) {
    this.writer = new SliceWriter(index);
  }

  async apply(events: ConsumedEvent[]): Promise<void> {
    for (const { event, ctx } of events) {
      this.buffered.push(pendingEvent({
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
      }));
    }
  }

  pending(): number {
    return this.buffered.length;
  }

  /** Appends the events buffered so far (events applied meanwhile wait for the next flush); a retried flush stores nothing twice. */
  async flush(): Promise<'ok'> {
    const taken = this.buffered.length;
    const recognised = await this.writer.append(this.buffered.slice(0, taken));
    if (recognised > 0) this.logger.info({ view: this.view, recognised }, 'event index: slices an earlier writer stored were recognised; going on after them');
    this.buffered = this.buffered.slice(taken);
    return 'ok';
  }

  reset(): void {
    this.buffered = [];
    this.writer.forget();
  }

  /** What earlier writers stored was learned in the other generation's collection. */
  async generationSwitched(): Promise<void> {
    this.writer.forget();
  }
}
