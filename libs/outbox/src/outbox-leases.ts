import { Collection, Document } from 'mongodb';
import { OutboxFields } from './outbox-entry';
import { oldestFirst } from './publish-plan';

export type ClaimedDoc = Pick<OutboxFields, 'outbox'> & { _id: Document['_id']; version: number };

export interface Claim {
  /** Oldest pending entry first. */
  docs: ClaimedDoc[];
  until: Date;
  /** When this claim's lease was taken. */
  since: Date;
  /**
   * Documents whose previous lease ran out (its relay died, or its request timed out): their entries
   * may be in Kafka already, sent from the time given on.
   */
  takenOver: Map<Document['_id'], Date>;
}

const unleased = (now: Date): Document => ({ $or: [{ outboxLease: { $exists: false } }, { 'outboxLease.until': { $lt: now } }] });

/** When a lease that ran out was taken (leases written before `since` was kept: its length before `until`). */
const leaseTakenAt = (lease: NonNullable<OutboxFields['outboxLease']>, leaseMs: number): Date => lease.since ?? new Date(new Date(lease.until).getTime() - leaseMs);

/** The relay's reads and writes on an aggregate collection: leasing documents and removing what was published. */
export class OutboxLeases {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly owner: string,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'outbox.0': 1 }, { name: 'pending_outbox', sparse: true });
  }

  /**
   * Leases up to `limit` documents with pending entries, oldest first, none holding a blocked key; only
   * among `ids` when given (read through the _id index instead of scanning the collection).
   */
  async claim(limit: number, blockedKeys: readonly string[], leaseMs: number, ids?: readonly Document['_id'][]): Promise<Claim | null> {
    const now = new Date();
    const claimable: Document = {
      ...(ids ? { _id: { $in: ids } } : {}),
      'outbox.0': { $exists: true },
      ...unleased(now),
      ...(blockedKeys.length > 0 ? { 'outbox.key': { $nin: blockedKeys } } : {}),
    };
    const candidates = (await this.collection
      .find(claimable, { projection: { _id: 1, outboxLease: 1 } })
      .sort({ 'outbox.0.occurredAt': 1, _id: 1 })
      .limit(limit)
      .toArray()) as (Pick<OutboxFields, 'outboxLease'> & { _id: Document['_id'] })[];
    if (candidates.length === 0) return null;
    const found = candidates.map((c) => c._id);
    const until = new Date(now.getTime() + leaseMs);
    await this.collection.updateMany({ ...claimable, _id: { $in: found } }, { $set: { outboxLease: { owner: this.owner, until, since: now } } });
    const claimed = (await this.collection
      .find({ _id: { $in: found }, 'outboxLease.owner': this.owner }, { projection: { outbox: 1, version: 1 } })
      .toArray()) as unknown as ClaimedDoc[];
    if (claimed.length === 0) return null;
    const rank = new Map(found.map((id, i) => [id, i]));
    claimed.sort((a, b) => (rank.get(a._id) ?? 0) - (rank.get(b._id) ?? 0));
    const takenOver = new Map<Document['_id'], Date>();
    for (const c of candidates) if (c.outboxLease && claimed.some((d) => d._id === c._id)) takenOver.set(c._id, leaseTakenAt(c.outboxLease, leaseMs));
    return { docs: oldestFirst(claimed), until, since: now, takenOver };
  }

  /**
   * Leases documents a command of this process just wrote, without reading them: what was handed over
   * is what they hold, as long as its first entry is still pending (entries leave only from the head).
   * A document another relay holds, or published meanwhile, is left out — and so is one whose lease ran
   * out: its entries may be in Kafka already, which only the scan's claim looks into.
   */
  async claimWritten(docs: readonly ClaimedDoc[], leaseMs: number): Promise<Claim | null> {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    const ids = docs.map((d) => d._id);
    const { matchedCount } = await this.collection.updateMany(
      { _id: { $in: ids }, 'outbox.eventId': { $in: docs.map((d) => d.outbox[0].eventId) }, outboxLease: { $exists: false } },
      { $set: { outboxLease: { owner: this.owner, until, since: now } } },
    );
    if (matchedCount === docs.length) return { docs: oldestFirst(docs), until, since: now, takenOver: new Map() };
    if (matchedCount === 0) return null;
    const claimed = (await this.collection
      .find({ _id: { $in: ids }, 'outboxLease.owner': this.owner, 'outboxLease.until': until }, { projection: { outbox: 1, version: 1 } })
      .toArray()) as unknown as ClaimedDoc[];
    return claimed.length > 0 ? { docs: oldestFirst(claimed), until, since: now, takenOver: new Map() } : null;
  }

  /**
   * Removes the published entries of many documents in one bulk write. One a command appended to
   * meanwhile (its version moved) still carries the lease: it is released on its own, as it is now.
   */
  async releaseAll(docs: readonly ClaimedDoc[], sent: ReadonlySet<string>): Promise<void> {
    if (docs.length === 0) return;
    const { matchedCount } = await this.collection.bulkWrite(
      docs.map((d) => ({ updateOne: { filter: this.releasable(d), update: this.releaseOf(d, sent) } })),
      { ordered: false },
    );
    if (matchedCount === docs.length) return;
    const moved = (await this.collection
      .find({ _id: { $in: docs.map((d) => d._id) }, 'outboxLease.owner': this.owner }, { projection: { outbox: 1, version: 1 } })
      .toArray()) as unknown as ClaimedDoc[];
    for (const doc of moved) await this.release(doc, sent);
  }

  /**
   * Removes the published entries and the lease. Commands only ever append to the outbox and bump the
   * version, so the write is conditioned on the version read: if a command appended meanwhile, re-read
   * and keep its entries. (Written without $pull-by-condition, which FerretDB does not support.)
   */
  async release(doc: ClaimedDoc, sent: ReadonlySet<string>): Promise<void> {
    let current: ClaimedDoc | null = doc;
    while (current) {
      const result = await this.collection.updateOne(this.releasable(current), this.releaseOf(current, sent));
      if (result.matchedCount === 1) return;
      current = (await this.collection.findOne(
        { _id: doc._id, 'outboxLease.owner': this.owner },
        { projection: { outbox: 1, version: 1 } },
      )) as ClaimedDoc | null;
    }
  }

  private releasable(doc: ClaimedDoc): Document {
    return { _id: doc._id, version: doc.version, 'outboxLease.owner': this.owner };
  }

  private releaseOf(doc: ClaimedDoc, sent: ReadonlySet<string>): Document {
    return { $set: { outbox: doc.outbox.filter((e) => !sent.has(e.eventId)) }, $unset: { outboxLease: '' } };
  }

  /**
   * Gives documents of a claim back unpublished. Their lease is ended, not removed: a request for them
   * may have reached Kafka before it failed, so whoever claims them next reads back from when the claim
   * (or the lease it took over) began — see Claim.takenOver.
   */
  async unlease(claim: Claim, ids: readonly Document['_id'][]): Promise<void> {
    const bySince = new Map<number, Document['_id'][]>();
    for (const id of ids) {
      const since = (claim.takenOver.get(id) ?? claim.since).getTime();
      bySince.set(since, [...(bySince.get(since) ?? []), id]);
    }
    for (const [since, group] of bySince) {
      await this.collection.updateMany(
        { _id: { $in: group }, 'outboxLease.owner': this.owner },
        { $set: { 'outboxLease.until': new Date(0), 'outboxLease.since': new Date(since) } },
      );
    }
  }
}
