import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';

export const SHIPPED_ORDERS_COLLECTION = 'shipped_orders';

export interface ShippedOrderDocument {
  _id: string;
  shippedAt: string;
}

/** Orders whose shipment already took stock: a resent OrderChanged (new offset) is recognised here. */
@Injectable()
export class ShippedOrderRepository {
  private readonly collection: Collection<ShippedOrderDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<ShippedOrderDocument>(SHIPPED_ORDERS_COLLECTION);
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
