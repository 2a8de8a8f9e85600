import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { VIEW_TOPICS, ViewProjector } from '../../../views/view-projector';
import { EventIndexRepository } from '../../database/event-index.repository';
import { compareOffsets, HISTORY_BUFFER_BYTES, PendingEvent, pendingEvent } from '../../domain/event-slices';
import { indexedEvent, STREAM_OF_TOPIC } from '../../domain/indexed-event';
import { SliceWriter } from '../../domain/slice-writer';

/**
 * The event index: every event of every event-store topic, readable per aggregate like an event
 * store's stream. Applied events wait in memory; each flush appends them as one slice document per
 * stream (more for a long run), insert only, and a redelivered event is recognised by the slice ids
 * an earlier writer took (SliceWriter).
 */
@Injectable()
export class EventIndexProjector implements ViewProjector {
  readonly view = 'history';
  readonly topics = [...VIEW_TOPICS.history];
  private buffered: PendingEvent[] = [];
  /** The stream keys (the view's keys: one slice each per flush) and the text bytes in `buffered`. */
  private streams = new Set<string>();
  private bytes = 0;
  private readonly writer: SliceWriter;

  constructor(
    index: EventIndexRepository,
    private readonly logger: PinoLogger,
  ) {
    this.writer = new SliceWriter(index);
  }

  async apply(events: ConsumedEvent[]): Promise<void> {
    for (const { event, ctx } of events) this.buffered.push(pendingEvent(indexedEvent(event, ctx)));
    this.count(this.buffered.length - events.length);
  }

  pending(): number {
    return this.streams.size;
  }

  full(): boolean {
    return this.bytes >= HISTORY_BUFFER_BYTES;
  }

  /** Appends the events buffered so far (events applied meanwhile wait for the next flush); a retried flush stores nothing twice. */
  async flush(): Promise<'ok'> {
    const taken = this.buffered.length;
    const recognised = await this.writer.append(this.buffered.slice(0, taken));
    if (recognised > 0) this.logger.info({ view: this.view, recognised }, 'event index: slices an earlier writer stored were recognised; going on after them');
    this.buffered = this.buffered.slice(taken);
    this.streams.clear();
    this.bytes = 0;
    this.count(0);
    return 'ok';
  }

  /** A commit of the partition after `through` could fall inside slices an earlier writer stored (SliceWriter.storedReach): held until the writer has read past them. */
  holdsCommit(topic: string, partition: number, through: string): boolean {
    const reach = this.writer.storedReach(STREAM_OF_TOPIC[topic] ?? topic, partition);
    return reach !== undefined && compareOffsets(reach, through) > 0;
  }

  reset(): void {
    this.buffered = [];
    this.streams.clear();
    this.bytes = 0;
    this.writer.forget();
  }

  /** Adds the buffered events from index `from` on to the stream keys and bytes. */
  private count(from: number): void {
    for (let i = from; i < this.buffered.length; i++) {
      this.streams.add(this.buffered[i].key);
      this.bytes += this.buffered[i].text.length;
    }
  }

  /** What earlier writers stored was learned in the other generation's collection. */
  async generationSwitched(): Promise<void> {
    this.writer.forget();
  }
}
