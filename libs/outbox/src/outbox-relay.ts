import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { Collection, Document } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { Claim, ClaimedDoc, OutboxLeases } from './outbox-leases';
import { killIfFaultInjected } from './fault-injection';
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
  /** Test-only fault switch: SIGKILL the process once this many requests were acknowledged, before their entries are removed (0: off). */
  faultKillAfterPublishes?: number;
}

/**
 * Publishes the events that commands left in their documents' `outbox` arrays, oldest first. A document
 * is leased before publishing so only one relay (across processes) sends its events, in order; entries
 * are pulled only after Kafka acknowledged them. A relay that dies in between (or whose request timed
 * out) leaves its lease to run out; the relay that takes the document over reads the partitions back
 * from when that lease was taken and sends only what is not there — so an event is neither lost nor
 * published twice. An entry Kafka can never take is set aside with
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
  /** Asked for by the poll or by a write not handed over: look for pending documents in the collection. */
  private scanWanted = false;
  /** What commands of this process just wrote, by document: published without scanning for it. */
  private readonly written = new Map<unknown, ClaimedDoc>();
  /** Documents a writer of this process just appended entries to, known by id only: claimed by id, without a scan. */
  private readonly writtenIds = new Set<unknown>();
  private acknowledged = 0;

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
    this.requests = new OutboxRequests(publisher, { ...options, readBackGroupPrefix: `outbox.${collection.dbName}.${collection.collectionName}` }, logger);
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

  /** Asks for a scan and flush soon; calls while one runs make it go round once more. */
  notify(): void {
    this.scanWanted = true;
    this.flushSoon();
  }

  /**
   * Takes what a command of this process just wrote (the document's outbox as stored) and publishes it
   * with the next request. Past a few requests' worth waiting, the scan finds it instead.
   */
  handOff(doc: ClaimedDoc): void {
    if (this.stopped || doc.outbox.length === 0) return;
    if (this.written.size >= this.options.batchSize * 4 && !this.written.has(doc._id)) return this.notify();
    this.written.set(doc._id, doc);
    this.flushSoon();
  }

  /**
   * Takes the ids of documents a write of this process just appended outbox entries to (a view's flush,
   * which does not know what the relay removed meanwhile): they are claimed by id, through the _id index.
   * Past a few requests' worth waiting, the scan finds them instead.
   */
  handOffIds(ids: Iterable<unknown>): void {
    if (this.stopped) return;
    for (const id of ids) {
      if (this.writtenIds.size >= this.options.batchSize * 4 && !this.writtenIds.has(id)) return this.notify();
      this.writtenIds.add(id);
    }
    this.flushSoon();
  }

  private flushSoon(): void {
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
    this.scanWanted = true;
    while ((await this.flushOnce()) > 0 || this.handedOff());
  }

  /** Publishes until nothing is pending or a flush fails (the next poll retries). */
  async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while (((await this.flushOnce()) > 0 || this.handedOff()) && !this.stopped);
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

  /** One request's worth, what was handed over first; returns how many documents moved on (published from or set aside). */
  private async flushOnce(): Promise<number> {
    await this.requests.settled();
    const claim = this.written.size > 0 ? await this.claimWritten() : this.writtenIds.size > 0 ? await this.claimIds() : await this.scan();
    if (!claim) return 0;
    let outcome: RoundOutcome;
    try {
      outcome = await this.requests.publish(claim);
    } catch (error) {
      await this.leases.unlease(claim, claim.docs.map((d) => d._id)).catch(() => undefined);
      throw error;
    }
    if (outcome.sent.length > 0 && this.options.faultKillAfterPublishes && ++this.acknowledged >= this.options.faultKillAfterPublishes) killIfFaultInjected(true);
    const moved = await this.settle(claim, outcome);
    if (outcome.error) throw outcome.error;
    return moved;
  }

  private async scan(): Promise<Claim | null> {
    if (!this.scanWanted) return null;
    this.scanWanted = false;
    const claim = await this.leases.claim(this.options.batchSize, await this.setAside.blockedKeys(), this.options.leaseMs);
    // More may be pending than one request takes: go on until a scan finds nothing (or a notify came meanwhile).
    if (claim) this.scanWanted = true;
    return claim;
  }

  private handedOff(): boolean {
    return this.written.size > 0 || this.writtenIds.size > 0;
  }

  private async claimIds(): Promise<Claim | null> {
    const ids = [...this.writtenIds].slice(0, this.options.batchSize);
    for (const id of ids) this.writtenIds.delete(id);
    return this.leases.claim(this.options.batchSize, await this.setAside.blockedKeys(), this.options.leaseMs, ids);
  }

  /** Documents holding a key that waits behind a set-aside entry are left to the scan, which keeps them waiting. */
  private async claimWritten(): Promise<Claim | null> {
    const docs = [...this.written.values()].slice(0, this.options.batchSize);
    for (const doc of docs) this.written.delete(doc._id);
    const blocked = new Set(await this.setAside.blockedKeys());
    const open = blocked.size > 0 ? docs.filter((d) => !d.outbox.some((e) => blocked.has(e.key))) : docs;
    if (open.length < docs.length) this.scanWanted = true;
    return open.length > 0 ? this.leases.claimWritten(open, this.options.leaseMs) : null;
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
    await this.leases.releaseAll(published, sent);
    const keepLeases = outcome.error instanceof PublishTimeoutError;
    const setAsideIds = new Set(setAside.map((s) => s.documentId));
    await this.leases.unlease(claim, claim.docs.filter((d) => !published.includes(d) && (!keepLeases || setAsideIds.has(d._id))).map((d) => d._id));
    if (sent.size > 0) outboxMetrics.published.inc({ collection }, sent.size);
    for (const s of setAside) {
      outboxMetrics.setAside.inc({ collection, code: s.code });
      this.logger.error({ collection, documentId: s.documentId, eventId: s.entry.eventId, topic: s.entry.topic, code: s.code, reason: s.reason }, 'outbox entry set aside: Kafka can never take it; its document and key wait');
    }
    if (setAside.length > 0) await this.setAsideReport();
    return published.length + setAside.filter((s) => !published.some((d) => d._id === s.documentId)).length;
  }
}
