import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { OutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Customer } from '../domain/customer.types';
import { CUSTOMERS_COLLECTION, CustomerDocument } from './customer.document';
import { CustomerMapper } from './customer.mapper';

export type WriteOutcome = 'written' | 'conflict';

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

  /**
   * Writes the new state and its event in one atomic document write, conditioned on the version the
   * decision was made against: the outbox relay publishes the event afterwards.
   */
  async save(customer: Customer, previousVersion: number | null, event: OutboxEntry): Promise<WriteOutcome> {
    const state = CustomerMapper.toPersistence(customer);
    if (previousVersion === null) {
      try {
        await this.collection.insertOne({ ...state, outbox: [event] });
        return 'written';
      } catch (error) {
        if (isDuplicateKeyError(error)) return 'conflict';
        throw error;
      }
    }
    const { _id, ...fields } = state;
    const result = await this.collection.updateOne({ _id, version: previousVersion }, { $set: fields, $push: { outbox: event } });
    return result.matchedCount === 1 ? 'written' : 'conflict';
  }
}
