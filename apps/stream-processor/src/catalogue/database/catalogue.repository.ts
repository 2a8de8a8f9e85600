import { findByIds, saveAtVersion } from '@app/mongo';
import { OutboxEntry, OutboxFields } from '@app/outbox';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Collection } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';
import { CatalogueEntry } from '../domain/catalogue-entry';

export const CATALOGUE_COLLECTION = 'catalogue';

/** `version` counts writes of the document (the outbox relay's release is conditioned on it). */
type CatalogueDocument = Omit<CatalogueEntry, 'productId'> & { _id: string; version: number } & Partial<OutboxFields>;

export interface StoredEntry {
  entry: CatalogueEntry;
  /** Null for a product the view has not seen yet. */
  version: number | null;
}

export interface EntryChange extends StoredEntry {
  outbox: OutboxEntry[];
}

// Entries written before reviews could arrive out of order have no `reviewsAhead`.
const toEntry = ({ _id, version: _v, outbox: _o, outboxLease: _l, ...fields }: CatalogueDocument): CatalogueEntry => ({ productId: _id, ...fields, reviewsAhead: fields.reviewsAhead ?? [] });

@Injectable()
export class CatalogueRepository implements OnModuleInit {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<CatalogueDocument> {
    return this.generations.collection<CatalogueDocument>('catalogue', CATALOGUE_COLLECTION);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ productVersion: 1 }, { name: 'by_product_version' });
  }

  async findMany(ids: string[]): Promise<Map<string, StoredEntry>> {
    const docs = await findByIds(this.collection, ids, { projection: { outbox: 0, outboxLease: 0 } });
    return new Map(docs.map((d) => [d._id, { entry: toEntry(d), version: d.version }]));
  }

  /** One conditioned bulk for the batch; a lost race means a WriteConflictError and a retried batch. */
  async save(changes: EntryChange[]): Promise<void> {
    await saveAtVersion(
      this.collection,
      changes.map(({ entry: { productId, ...fields }, version, outbox }) => ({ _id: productId, version, set: fields, push: { outbox } })),
    );
  }

  async findById(productId: string): Promise<CatalogueEntry | null> {
    const doc = await this.collection.findOne({ _id: productId, productVersion: { $gt: 0 } }, { projection: { outbox: 0, outboxLease: 0 } });
    return doc ? toEntry(doc) : null;
  }

  /** Products the view knows (reviews of a product not seen yet are kept but not listed). */
  async list(skip: number, limit: number): Promise<{ items: CatalogueEntry[]; total: number }> {
    const filter = { productVersion: { $gt: 0 } };
    const [docs, total] = await Promise.all([
      this.collection.find(filter, { projection: { outbox: 0, outboxLease: 0 } }).sort({ _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments(filter),
    ]);
    return { items: docs.map(toEntry), total };
  }
}
