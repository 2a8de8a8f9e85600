import { findByIds, isDuplicateKeyError } from '@app/mongo';
import { Collection, Document } from 'mongodb';
import { VersionWaitLimits, VersionWaits } from './version-waits';

export type ApplyOutcome = 'applied' | 'stale';

type ReplicaDocument<V> = Omit<V, 'id'> & { _id: string; version: number; eventId: string; changedAt: string };

/** A local copy of another service's aggregates, kept from their events and never moved backwards. */
export class VersionedReplicaRepository<V extends { id: string; version: number }> {
  private readonly waits: VersionWaits<V>;

  /** `collection` is resolved on every operation: a generation switch re-points the replica at once; `name` labels its metrics. */
  constructor(
    private readonly resolve: () => Collection<{ _id: string } & Document>,
    limits: VersionWaitLimits,
    name = 'replica',
  ) {
    this.waits = new VersionWaits(name, (ids) => this.findMany(ids), limits);
  }

  private get collection(): Collection<{ _id: string } & Document> {
    return this.resolve();
  }

  /**
   * Writes the view only if it is newer than what is stored: the filter misses on an equal or higher
   * version, the upsert then collides on _id, and that duplicate-key error means "already have it".
   */
  async apply(view: V, eventId: string, changedAt: string): Promise<ApplyOutcome> {
    const { id, ...fields } = view;
    try {
      await this.collection.updateOne({ _id: id, version: { $lt: view.version } }, { $set: { ...fields, eventId, changedAt } }, { upsert: true });
      return 'applied';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'stale';
      throw error;
    }
  }

  async findById(id: string): Promise<V | null> {
    const doc = (await this.collection.findOne({ _id: id })) as ReplicaDocument<V> | null;
    if (!doc) return null;
    const { _id, eventId: _e, changedAt: _c, ...view } = doc;
    return { id: _id, ...view } as unknown as V;
  }

  async findMany(ids: string[]): Promise<Map<string, V>> {
    const docs = (await findByIds(this.collection, ids)) as ReplicaDocument<V>[];
    return new Map(docs.map(({ _id, eventId: _e, changedAt: _c, ...view }) => [_id, { id: _id, ...view } as unknown as V]));
  }

  /**
   * Read-your-writes: the view once it holds at least `minVersion`, else (after at most `timeoutMs`, or at
   * once when the wait is not worth it: see VersionWaits) the one it holds.
   */
  async waitForVersion(id: string, minVersion: number, timeoutMs: number): Promise<V | null> {
    return this.waits.wait(id, await this.findById(id), minVersion, timeoutMs);
  }
}
