import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { OutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Product } from '../domain/product.types';
import { PRODUCTS_COLLECTION, ProductDocument } from './product.document';
import { ProductMapper } from './product.mapper';

const STATE_ONLY = { projection: { outbox: 0, outboxLease: 0 } };

@Injectable()
export class ProductRepository {
  private readonly collection: Collection<ProductDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<ProductDocument>(PRODUCTS_COLLECTION);
  }

  async findById(id: string): Promise<Product | null> {
    const doc = await this.collection.findOne({ _id: id }, STATE_ONLY);
    return doc ? ProductMapper.toDomain(doc) : null;
  }

  /** The product and the offset of the last shipment applied from one order-events partition. */
  async findWithShipmentOffset(id: string, partition: number): Promise<{ product: Product; lastOffset: number } | null> {
    const doc = await this.collection.findOne({ _id: id }, STATE_ONLY);
    return doc ? { product: ProductMapper.toDomain(doc), lastOffset: doc.shipmentOffsets?.[String(partition)] ?? -1 } : null;
  }

  async list(skip: number, limit: number): Promise<{ items: Product[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({}, STATE_ONLY).sort({ _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments({}),
    ]);
    return { items: docs.map(ProductMapper.toDomain), total };
  }

  /** State and event in one write, conditioned on the version decided against; false if it moved. */
  async save(product: Product, previousVersion: number | null, event: OutboxEntry, shipment?: { partition: number; offset: number }): Promise<boolean> {
    const { productId, ...fields } = product.snapshot;
    if (previousVersion === null) {
      try {
        await this.collection.insertOne({ _id: productId, version: product.version, ...fields, outbox: [event] });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    }
    const set = { ...fields, version: product.version, ...(shipment ? { [`shipmentOffsets.${shipment.partition}`]: shipment.offset } : {}) };
    const result = await this.collection.updateOne({ _id: productId, version: previousVersion }, { $set: set, $push: { outbox: event } });
    return result.matchedCount === 1;
  }

  /** Records that a shipment record was handled without changing stock (nothing left to take). */
  async markShipmentOffset(id: string, version: number, partition: number, offset: number): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, version }, { $set: { [`shipmentOffsets.${partition}`]: offset } });
    return result.matchedCount === 1;
  }

  /** Hands out the next review sequence number of a product (null if the product does not exist). */
  async nextReviewSeq(id: string): Promise<number | null> {
    const doc = await this.collection.findOneAndUpdate({ _id: id }, { $inc: { reviewSeq: 1 } }, { returnDocument: 'after' });
    return doc?.reviewSeq ?? null;
  }
}
