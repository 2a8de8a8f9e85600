import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CustomerView } from '../../orders/domain/order.types';

export const CUSTOMER_REPLICA_COLLECTION = 'customer_replica';

type CustomerReplicaDocument = Omit<CustomerView, 'customerId'> & { _id: string; eventId: string; changedAt: string };

export type ApplyOutcome = 'applied' | 'stale';

@Injectable()
export class CustomerReplicaRepository {
  private readonly collection: Collection<CustomerReplicaDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<CustomerReplicaDocument>(CUSTOMER_REPLICA_COLLECTION);
  }

  /**
   * Writes the view only if it is newer than what is stored: the filter misses on an equal or higher
   * version, the upsert then collides on _id, and that duplicate-key error means "already have it".
   */
  async apply(view: CustomerView, eventId: string, changedAt: string): Promise<ApplyOutcome> {
    const { customerId, ...fields } = view;
    try {
      await this.collection.updateOne(
        { _id: customerId, version: { $lt: view.version } },
        { $set: { ...fields, eventId, changedAt } },
        { upsert: true },
      );
      return 'applied';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'stale';
      throw error;
    }
  }

  async findById(customerId: string): Promise<CustomerView | null> {
    const doc = await this.collection.findOne({ _id: customerId });
    if (!doc) return null;
    const { _id, eventId: _e, changedAt: _c, ...view } = doc;
    return { customerId: _id, ...view };
  }

  /** Read-your-writes: polls (bounded) until the replica holds at least `minVersion`. */
  async waitForVersion(customerId: string, minVersion: number, timeoutMs: number): Promise<CustomerView | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.findById(customerId);
      if ((view && view.version >= minVersion) || Date.now() >= deadline) return view;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
