import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';

/** Orders whose shipment already took stock: a resent OrderChanged (new offset) is recognised here. */
@Injectable()
export class ShippedOrderRepository {
  private readonly collection: Collection<{ _id: string; shippedAt: string }>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection('shipped_orders');
  }

  async isDone(orderId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: orderId }, { limit: 1 })) > 0;
  }

  async markDone(orderId: string, shippedAt: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: orderId, shippedAt });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
