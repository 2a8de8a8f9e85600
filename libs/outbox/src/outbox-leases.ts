import { Collection, Document } from 'mongodb';
import { OutboxFields } from './outbox-entry';
import { oldestFirst } from './publish-plan';

export type ClaimedDoc = Pick<OutboxFields, 'outbox'> & { _id: Document['_id']; version: number };

export interface Claim {
  /** Oldest pending entry first. */
  docs: ClaimedDoc[];
  until: Date;
}

/** The relay's reads and writes on an aggregate collection: leasing documents and removing what was published. */
export class OutboxLeases {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly owner: string,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'outbox.0': 1 }, { name: 'pending_outbox', sparse: true });
  }

  /** Leases up to `limit` documents with pending entries, oldest first, none holding a blocked key. */
  async claim(limit: number, blockedKeys: readonly string[], leaseMs: number): Promise<Claim | null> {
    const now = new Date();
    const claimable: Document = {
      'outbox.0': { $exists: true },
      $or: [{ outboxLease: { $exists: false } }, { 'outboxLease.until': { $lt: now } }],
      ...(blockedKeys.length > 0 ? { 'outbox.key': { $nin: blockedKeys } } : {}),
    };
    const candidates = await this.collection.find(claimable, { projection: { _id: 1 } }).sort({ 'outbox.0.occurredAt': 1, _id: 1 }).limit(limit).toArray();
    if (candidates.length === 0) return null;
    const ids = candidates.map((c) => c._id);
    const until = new Date(now.getTime() + leaseMs);
    await this.collection.updateMany({ ...claimable, _id: { $in: ids } }, { $set: { outboxLease: { owner: this.owner, until } } });
    const claimed = (await this.collection
      .find({ _id: { $in: ids }, 'outboxLease.owner': this.owner }, { projection: { outbox: 1, version: 1 } })
      .toArray()) as unknown as ClaimedDoc[];
    if (claimed.length === 0) return null;
    const rank = new Map(ids.map((id, i) => [id, i]));
    claimed.sort((a, b) => (rank.get(a._id) ?? 0) - (rank.get(b._id) ?? 0));
    return { docs: oldestFirst(claimed), until };
  }

  /**
   * Removes the published entries and the lease. Commands only ever append to the outbox and bump the
   * version, so the write is conditioned on the version read: if a command appended meanwhile, re-read
   * and keep its entries. (Written without $pull-by-condition, which FerretDB does not support.)
   */
  async release(doc: ClaimedDoc, sent: ReadonlySet<string>): Promise<void> {
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

  async unlease(ids: readonly Document['_id'][]): Promise<void> {
    if (ids.length === 0) return;
    await this.collection.updateMany({ _id: { $in: ids }, 'outboxLease.owner': this.owner }, { $unset: { outboxLease: '' } });
  }
}
