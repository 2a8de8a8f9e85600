import { findByIds, upsertNewer } from '@app/mongo';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Collection } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';
import { TrackedOrder } from '../domain/tracked-order';

type TrackedOrderDocument = Omit<TrackedOrder, 'orderId'> & { _id: string };

const toOrder = ({ _id, ...fields }: TrackedOrderDocument): TrackedOrder => ({ orderId: _id, ...fields });

/** The alerts view's own copy of orders (only what alerts need), never moved backwards. */
@Injectable()
export class TrackedOrderRepository implements OnModuleInit {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<TrackedOrderDocument> {
    return this.generations.collection<TrackedOrderDocument>('alerts', 'alert_orders');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ status: 1, productIds: 1 }, { name: 'by_status_product' });
    await this.collection.createIndex({ timerPending: 1, dueAt: 1 }, { name: 'by_pending_timer' });
  }

  async findMany(ids: string[]): Promise<Map<string, TrackedOrder>> {
    if (ids.length === 0) return new Map();
    const docs = await findByIds(this.collection, ids);
    return new Map(docs.map((d) => [d._id, toOrder(d)]));
  }

  /** Every order still Processing: the ones a stock change can put at risk (read once, then kept in memory). */
  async processing(): Promise<TrackedOrder[]> {
    return (await this.collection.find({ status: 'Processing' }).toArray()).map(toOrder);
  }

  /** Gold orders still Processing whose delay timer is due by `now`, earliest first. */
  /** Orders whose delay timer is due, oldest first; only those of `partitions` (of the orders topic) when given. */
  async dueBy(now: Date, limit: number, partitions?: readonly number[]): Promise<TrackedOrder[]> {
    const docs = await this.collection
      .find({ timerPending: true, dueAt: { $lte: now.toISOString() }, ...(partitions ? { partition: { $in: [...partitions] } } : {}) })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toOrder);
  }

  /** The timer fired for this version of the order (a newer version decides for itself). */
  async timerFired(orderId: string, version: number): Promise<void> {
    await this.collection.updateOne({ _id: orderId, version }, { $set: { timerPending: false } });
  }

  async save(orders: TrackedOrder[]): Promise<void> {
    await upsertNewer(this.collection, orders.map(({ orderId, ...fields }) => ({ _id: orderId, ...fields })));
  }
}
