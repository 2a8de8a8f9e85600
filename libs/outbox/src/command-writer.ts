import { ID_GENERATOR, IdGenerator } from '@app/core';
import { EnvelopeMeta, EventEnvelope } from '@app/contracts';
import { isDuplicateKeyError, MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db, Document, PushOperator } from 'mongodb';
import { OutboxEntry, toOutboxEntry } from './outbox-entry';
import { ClaimedDoc } from './outbox-leases';
import { Outbox } from './outbox';

type StoredAggregate = Document & { _id: string };

/** An event a command publishes: its topic, and its envelope once the writer hands out id and time. */
export interface NewEvent {
  topic: string;
  build: (meta: EnvelopeMeta) => EventEnvelope;
}

/** What a command decided to write: one aggregate document and the events that go with it. */
export interface AggregateWrite {
  collection: string;
  /** The stored fields with `_id` and, when events go with it, the new `version`; never `outbox` or `outboxLease`. */
  document: StoredAggregate;
  /** The version the decision was made against; null for a new aggregate (an insert). */
  expectedVersion: number | null;
  /** Further conditions of an update, e.g. that a field is not there yet. */
  condition?: Document;
  events: NewEvent[];
}

/** The command's one clock reading and the ids that tie its events to the request. */
export interface CommandContext {
  now: Date;
  correlationId: string;
  causationId?: string;
}

export type WriteOutcome = 'written' | 'conflict';

/**
 * The write of every command: the new state and its events in ONE store write — an insert for a new
 * aggregate (a duplicate id is a conflict), else an update conditioned on the version decided against —
 * after which the relay is handed what the document now holds, so it publishes without scanning.
 */
@Injectable()
export class CommandWriter {
  private readonly collections = new Map<string, Collection<StoredAggregate>>();

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly outbox: Outbox,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async write(write: AggregateWrite, context: CommandContext): Promise<WriteOutcome> {
    const entries = write.events.map((e) => toOutboxEntry(e.topic, e.build(this.meta(context))));
    const written = write.expectedVersion === null ? await this.insert(write, entries) : await this.update(write, write.expectedVersion, entries);
    if (!written) return 'conflict';
    if (entries.length > 0) this.outbox.handOff(write.collection, written);
    return 'written';
  }

  private meta({ now, correlationId, causationId }: CommandContext): EnvelopeMeta {
    return { eventId: this.ids.next(), occurredAt: now, correlationId, ...(causationId ? { causationId } : {}) };
  }

  private async insert({ collection, document }: AggregateWrite, outbox: OutboxEntry[]): Promise<ClaimedDoc | null> {
    try {
      await this.collection(collection).insertOne({ ...document, outbox });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    return { _id: document._id, version: Number(document.version), outbox };
  }

  /** With events, the update returns the outbox as stored: the relay publishes it all, oldest first. */
  private async update({ collection, document, condition }: AggregateWrite, expectedVersion: number, outbox: OutboxEntry[]): Promise<ClaimedDoc | null> {
    const { _id, ...fields } = document;
    const filter = { ...condition, _id, version: expectedVersion };
    if (outbox.length === 0) {
      const result = await this.collection(collection).updateOne(filter, { $set: fields });
      return result.matchedCount === 1 ? { _id, version: expectedVersion, outbox: [] } : null;
    }
    const push = (outbox.length === 1 ? { outbox: outbox[0] } : { outbox: { $each: outbox } }) as unknown as PushOperator<StoredAggregate>;
    // The whole document comes back: FerretDB takes no projection on findAndModify.
    const stored = await this.collection(collection).findOneAndUpdate(filter, { $set: fields, $push: push }, { returnDocument: 'after' });
    return stored ? { _id: stored._id, version: Number(stored.version), outbox: stored.outbox as OutboxEntry[] } : null;
  }

  private collection(name: string): Collection<StoredAggregate> {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = this.db.collection<StoredAggregate>(name)));
    return collection;
  }
}
