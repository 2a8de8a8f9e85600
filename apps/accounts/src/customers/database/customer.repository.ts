import { MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Customer } from '../domain/customer.types';
import { CUSTOMERS_COLLECTION, CustomerDocument } from './customer.document';
import { CustomerMapper } from './customer.mapper';

@Injectable()
export class CustomerRepository {
  private readonly collection: Collection<CustomerDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<CustomerDocument>(CUSTOMERS_COLLECTION);
  }

  async findById(id: string): Promise<Customer | null> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 0, outboxLease: 0 } });
    return doc ? CustomerMapper.toDomain(doc) : null;
  }

  async list(skip: number, limit: number): Promise<{ items: Customer[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({}, { projection: { outbox: 0, outboxLease: 0 } }).sort({ _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments({}),
    ]);
    return { items: docs.map(CustomerMapper.toDomain), total };
  }
}
