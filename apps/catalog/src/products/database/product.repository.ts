import { MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Product } from '../domain/product.types';
import { StockTake } from '../domain/stock-take';
import { PRODUCTS_COLLECTION, ProductDocument, stockTakeKey } from './product.document';
import { ProductMapper } from './product.mapper';

const STATE_ONLY = { projection: { outbox: 0, outboxLease: 0, stockTakes: 0, shipmentOffsets: 0 } };

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

  /** The product and what the order took from it, if that is recorded. */
  async findWithStockTake(id: string, orderId: string): Promise<{ product: Product; take?: StockTake } | null> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 0, outboxLease: 0, shipmentOffsets: 0 } });
    return doc ? { product: ProductMapper.toDomain(doc), take: doc.stockTakes?.[stockTakeKey(orderId)] } : null;
  }

  async list(skip: number, limit: number): Promise<{ items: Product[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({}, STATE_ONLY).sort({ _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments({}),
    ]);
    return { items: docs.map(ProductMapper.toDomain), total };
  }

  /** Drops an order's takes once `shipped_orders` has it done (that mark recognises it from then on). */
  async forgetStockTakes(orderId: string, productIds: string[]): Promise<void> {
    const field = `stockTakes.${stockTakeKey(orderId)}`;
    await this.collection.updateMany({ _id: { $in: productIds }, [field]: { $exists: true } }, { $unset: { [field]: '' } });
  }

  /** Hands out the next review sequence number of a product (null if the product does not exist). */
  async nextReviewSeq(id: string): Promise<number | null> {
    const doc = await this.collection.findOneAndUpdate({ _id: id }, { $inc: { reviewSeq: 1 } }, { returnDocument: 'after' });
    return doc?.reviewSeq ?? null;
  }
}
