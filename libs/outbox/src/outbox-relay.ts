import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { Collection, Document } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { Claim, OutboxLeases } from './outbox-leases';
import { outboxMetrics } from './outbox-metrics';
import { PublishTimeoutError } from './publish-failure';
import { OutboxRequests, RoundOutcome } from './outbox-requests';
import { SetAsideRecord, SetAsideReport, SetAsideStore } from './set-aside-store';

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  /** How long a claim keeps other relays off its documents; must outlast `publishTimeoutMs`. */
  leaseMs: number;
  /** How long the relay waits for Kafka to acknowledge one request. */
  publishTimeoutMs: number;
  /** Largest record batch per partition in one request. */
  maxBatchBytes: number;
}

/**
 * Publishes the events that commands left in their documents' `outbox` arrays, oldest first. A document
 * is leased before publishing so only one relay (across processes) sends its events, in order; entries
 * are pulled only after Kafka acknowledged them. A crash in between means a resend, which consumers
 * drop by aggregate version — the event is never lost. An entry Kafka can never take is set aside with
 * its reason, and its document and key wait behind it; everything else goes on.
 */
export class OutboxRelay {
  private readonly owner = randomUUID();
  private readonly leases: OutboxLeases;
  private readonly setAside: SetAsideStore;
  private readonly requests: OutboxRequests;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly collection: Collection<Document>,
    setAsideRecords: Collection<SetAsideRecord>,
    publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
    private readonly logger: Logger,
  ) {
    if (options.leaseMs <= options.publishTimeoutMs) throw new Error(`outbox lease (${options.leaseMs} ms) must outlast the publish timeout (${options.publishTimeoutMs} ms)`);
    this.leases = new OutboxLeases(collection, this.owner);
    this.setAside = new SetAsideStore(setAsideRecords, collection.collectionName);
    this.requests = new OutboxRequests(publisher, options, logger);
  }

  async start(): Promise<void> {
    await this.leases.ensureIndexes();
    await this.setAside.ensureIndexes();
    await this.setAsideReport();
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

  /** What is set aside in this collection (for /health); refreshes the gauge. */
  async setAsideReport(limit = 10): Promise<SetAsideReport> {
    const report = await this.setAside.report(limit);
    outboxMetrics.setAsideDocuments.set({ collection: this.collection.collectionName }, report.count);
    return report;
  }

  /** One request's worth; returns how many documents moved on (published from or set aside). */
  private async flushOnce(): Promise<number> {
    await this.requests.settled();
    const claim = await this.leases.claim(this.options.batchSize, await this.setAside.blockedKeys(), this.options.leaseMs);
    if (!claim) return 0;
    let outcome: RoundOutcome;
    try {
      outcome = await this.requests.publish(claim);
    } catch (error) {
      await this.leases.unlease(claim.docs.map((d) => d._id)).catch(() => undefined);
      throw error;
    }
    const moved = await this.settle(claim, outcome);
    if (outcome.error) throw outcome.error;
    return moved;
  }

  /**
   * Records the set-aside entries (before their documents' leases go), removes what was published and
   * frees the rest. A set-aside counts only once everything before it in its document went out. After a
   * timeout the unconfirmed documents keep their lease: that request may still land.
   */
  private async settle(claim: Claim, outcome: RoundOutcome): Promise<number> {
    const collection = this.collection.collectionName;
    const sent = new Set(outcome.sent.map((s) => s.entry.eventId));
    const docOf = new Map(claim.docs.map((d) => [d._id, d]));
    const setAside = outcome.setAside.filter((s) => {
      const outbox = docOf.get(s.documentId)?.outbox ?? [];
      return outbox.slice(0, outbox.findIndex((e) => e.eventId === s.entry.eventId)).every((e) => sent.has(e.eventId));
    });
    await this.setAside.add(setAside, new Date());
    const published = claim.docs.filter((d) => d.outbox.some((e) => sent.has(e.eventId)));
    await Promise.all(published.map((d) => this.leases.release(d, sent)));
    const keepLeases = outcome.error instanceof PublishTimeoutError;
    const setAsideIds = new Set(setAside.map((s) => s.documentId));
    await this.leases.unlease(claim.docs.filter((d) => !published.includes(d) && (!keepLeases || setAsideIds.has(d._id))).map((d) => d._id));
    if (sent.size > 0) outboxMetrics.published.inc({ collection }, sent.size);
    for (const s of setAside) {
      outboxMetrics.setAside.inc({ collection, code: s.code });
      this.logger.error({ collection, documentId: s.documentId, eventId: s.entry.eventId, topic: s.entry.topic, code: s.code, reason: s.reason }, 'outbox entry set aside: Kafka can never take it; its document and key wait');
    }
    if (setAside.length > 0) await this.setAsideReport();
    return published.length + setAside.filter((s) => !published.some((d) => d._id === s.documentId)).length;
  }
}
