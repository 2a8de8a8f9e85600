import { MONGO_DB } from '@app/mongo';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Review } from '../domain/review.types';
import { REVIEWS_COLLECTION, ReviewDocument } from './review.document';

@Injectable()
export class ReviewRepository implements OnModuleInit {
  private readonly collection: Collection<ReviewDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<ReviewDocument>(REVIEWS_COLLECTION);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ productId: 1, seq: 1 }, { name: 'by_product' });
    await this.collection.createIndex({ createdAt: -1, _id: 1 }, { name: 'newest_first' });
  }

  /** Every review, newest first (ties by id, so pages never overlap). */
  async listAll(skip: number, limit: number): Promise<{ items: Review[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({}, { projection: { outbox: 0, outboxLease: 0, version: 0 } }).sort({ createdAt: -1, _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments({}),
    ]);
    return { items: docs.map(({ _id, ...r }) => ({ reviewId: _id, ...r })), total };
  }

  async listByProduct(productId: string, skip: number, limit: number): Promise<{ items: Review[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({ productId }, { projection: { outbox: 0, outboxLease: 0, version: 0 } }).sort({ seq: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments({ productId }),
    ]);
    return { items: docs.map(({ _id, ...r }) => ({ reviewId: _id, ...r })), total };
  }
}
