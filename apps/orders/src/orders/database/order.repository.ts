import { OrderStatus } from '@app/contracts';
import { MONGO_DB } from '@app/mongo';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { Order } from '../domain/order.types';
import { ORDERS_COLLECTION, OrderDocument } from './order.document';
import { OrderMapper } from './order.mapper';

export interface OrderFilter {
  customerId?: string;
  status?: OrderStatus;
}

const HIDE_OUTBOX = { projection: { outbox: 0, outboxLease: 0 } };

@Injectable()
export class OrderRepository implements OnModuleInit {
  private readonly collection: Collection<OrderDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<OrderDocument>(ORDERS_COLLECTION);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ customerId: 1, placedAt: -1 }, { name: 'by_customer' });
    await this.collection.createIndex({ status: 1, placedAt: -1 }, { name: 'by_status' });
  }

  async findById(id: string): Promise<Order | null> {
    const doc = await this.collection.findOne({ _id: id }, HIDE_OUTBOX);
    return doc ? OrderMapper.toDomain(doc) : null;
  }

  async list(filter: OrderFilter, skip: number, limit: number): Promise<{ items: Order[]; total: number }> {
    const query: Filter<OrderDocument> = {};
    if (filter.customerId) query.customerId = filter.customerId;
    if (filter.status) query.status = filter.status;
    const [docs, total] = await Promise.all([
      this.collection.find(query, HIDE_OUTBOX).sort({ placedAt: -1, _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments(query),
    ]);
    return { items: docs.map(OrderMapper.toDomain), total };
  }
}
