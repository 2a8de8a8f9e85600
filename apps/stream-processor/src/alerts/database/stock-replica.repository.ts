import { MONGO_DB, upsertNewer } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';

interface StockDocument {
  _id: string;
  version: number;
  stock: number;
}

/** Current stock per product as the alerts view has seen it (its own copy: views never read each other). */
@Injectable()
export class StockReplicaRepository {
  private readonly collection: Collection<StockDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<StockDocument>('alert_stock');
  }

  async findMany(productIds: string[]): Promise<Map<string, { version: number; stock: number }>> {
    if (productIds.length === 0) return new Map();
    const docs = await this.collection.find({ _id: { $in: productIds } }).toArray();
    return new Map(docs.map((d) => [d._id, { version: d.version, stock: d.stock }]));
  }

  async save(stock: Map<string, { version: number; stock: number }>): Promise<void> {
    await upsertNewer(this.collection, [...stock].map(([_id, s]) => ({ _id, ...s })));
  }
}
