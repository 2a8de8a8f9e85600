import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { Collection, Document } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { OutboxFields } from './outbox-entry';
import { outboxMetrics } from './outbox-metrics';

type ClaimedDoc = Pick<OutboxFields, 'outbox'> & { _id: Document['_id']; version: number };

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  leaseMs: number;
}


/**
 * Publishes the events that commands left in their documents' `outbox` arrays. A document is leased
 * before publishing so only one relay (across processes) sends its events, in order; entries are
 * pulled only after Kafka acknowledged them. A crash in between means a resend, which consumers
 * drop by aggregate version — the event is never lost.
 */
export class OutboxRelay {
  private readonly owner = randomUUID();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.collection.createIndex({ 'outbox.0': 1 }, { name: 'pending_outbox', sparse: true });
    this.stopped = false;
    this.timer = setInterval(() => this.notify(), this.options.pollIntervalMs);
    this.notify();
  }

  /** Waits for a flush in progress, but not forever: unpublished entries stay in the documents. */
  async stop(waitMs = 5000): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.race([this.flushing, new Promise((r) => setTimeout(r, waitMs).unref())]);
  }

  /** Asks for a flush soon; calls while one runs make it go round once more. */
  notify(): void {
    if (this.stopped) return;
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = this.drain().finally(() => (this.flushing = undefined));
  }

  /** After stop(): publishes everything still pending, in this call (a flush failure is thrown). */
  async flushPending(): Promise<void> {
    await this.flushing;
    while ((await this.flushOnce()) > 0);
  }

  /** Publishes until nothing is pending or a flush fails (the next poll retries). */
  async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.flushOnce()) > 0 && !this.stopped);
      } catch (error) {
        this.logger.warn({ err: error, collection: this.collection.collectionName }, 'outbox flush failed; will retry');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /**
   * Removes the published entries and the lease. Commands only ever append to the outbox and bump the
   * version, so the write is conditioned on the version read: if a command appended meanwhile, re-read
   * and keep its entries. (Written without $pull-by-condition, which FerretDB does not support.)
   */
  private async release(doc: ClaimedDoc): Promise<void> {
    const sent = new Set(doc.outbox.map((e) => e.eventId));
    let current: ClaimedDoc | null = doc;
    while (current) {
      const remaining = current.outbox.filter((e) => !sent.has(e.eventId));
      const result = await this.collection.updateOne(
        { _id: current._id, version: current.version, 'outboxLease.owner': this.owner },
        { $set: { outbox: remaining }, $unset: { outboxLease: '' } },
      );
      if (result.matchedCount === 1) return;
      current = (await this.collection.findOne(
        { _id: doc._id, 'outboxLease.owner': this.owner },
        { projection: { outbox: 1, version: 1 } },
      )) as ClaimedDoc | null;
    }
  }

  private async flushOnce(): Promise<number> {
    const now = new Date();
    const claimable: Document = {
      'outbox.0': { $exists: true },
      $or: [{ outboxLease: { $exists: false } }, { 'outboxLease.until': { $lt: now } }],
    };
    const candidates = await this.collection.find(claimable, { projection: { _id: 1 } }).limit(this.options.batchSize).toArray();
    if (candidates.length === 0) return 0;
    const ids = candidates.map((c) => c._id);
    const lease = { owner: this.owner, until: new Date(now.getTime() + this.options.leaseMs) };
    await this.collection.updateMany({ ...claimable, _id: { $in: ids } }, { $set: { outboxLease: lease } });
    const claimed = (await this.collection
      .find({ _id: { $in: ids }, 'outboxLease.owner': this.owner }, { projection: { outbox: 1, version: 1 } })
      .toArray()) as unknown as ClaimedDoc[];
    const entries = claimed.flatMap((d) => d.outbox);
    try {
      await this.publisher.publish(entries);
    } catch (error) {
      await this.collection.updateMany({ 'outboxLease.owner': this.owner }, { $unset: { outboxLease: '' } }).catch(() => undefined);
      throw error;
    }
    await Promise.all(claimed.map((d) => this.release(d)));
    outboxMetrics.published.inc({ collection: this.collection.collectionName }, entries.length);
    return claimed.length;
  }
}
