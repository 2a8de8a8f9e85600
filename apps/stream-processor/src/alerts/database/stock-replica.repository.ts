import { findByIds, upsertNewer } from '@app/mongo';
import { Injectable } from '@nestjs/common';
import { Collection } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';

interface StockDocument {
  _id: string;
  version: number;
  stock: number;
}

/** Current stock per product as the alerts view has seen it (its own copy: views never read each other). */
@Injectable()
export class StockReplicaRepository {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<StockDocument> {
    return this.generations.collection<StockDocument>('alerts', 'alert_stock');
  }

  async findMany(productIds: string[]): Promise<Map<string, { version: number; stock: number }>> {
    if (productIds.length === 0) return new Map();
    const docs = await findByIds(this.collection, productIds);
    return new Map(docs.map((d) => [d._id, { version: d.version, stock: d.stock }]));
  }

  async save(stock: Map<string, { version: number; stock: number }>): Promise<void> {
    await upsertNewer(this.collection, [...stock].map(([_id, s]) => ({ _id, ...s })));
  }
}
