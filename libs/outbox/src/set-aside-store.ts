import { Collection, Document } from 'mongodb';
import { SetAside, SetAsideCode } from './publish-plan';

/** One collection per database: the outbox entries set aside, one record per document. */
export const SET_ASIDE_COLLECTION = 'outbox_set_aside';

export interface SetAsideRecord {
  collection: string;
  documentId: Document['_id'];
  eventId: string;
  topic: string;
  key: string;
  code: SetAsideCode;
  reason: string;
  at: Date;
}

export interface SetAsideReport {
  count: number;
  entries: Omit<SetAsideRecord, 'collection'>[];
}

/**
 * Records which document's outbox waits behind an entry Kafka can never take. The entry stays at the
 * head of its document; deleting the record lets the relay try it again.
 */
export class SetAsideStore {
  constructor(
    private readonly records: Collection<SetAsideRecord>,
    private readonly collection: string,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.records.createIndex({ collection: 1, documentId: 1 }, { name: 'set_aside_document', unique: true });
  }

  /** Keys whose later events must wait, so a key's events never reach Kafka out of order. */
  async blockedKeys(): Promise<string[]> {
    return (await this.records.distinct('key', { collection: this.collection })) as string[];
  }

  async add(items: readonly SetAside<Document['_id']>[], at: Date): Promise<void> {
    for (const { documentId, entry, code, reason } of items) {
      await this.records.updateOne(
        { collection: this.collection, documentId },
        { $set: { eventId: entry.eventId, topic: entry.topic, key: entry.key, code, reason, at } },
        { upsert: true },
      );
    }
  }

  async report(limit: number): Promise<SetAsideReport> {
    const filter = { collection: this.collection };
    const [count, records] = await Promise.all([
      this.records.countDocuments(filter),
      this.records.find(filter, { projection: { _id: 0, collection: 0 } }).sort({ at: 1 }).limit(limit).toArray(),
    ]);
    return { count, entries: records as Omit<SetAsideRecord, 'collection'>[] };
  }
}
