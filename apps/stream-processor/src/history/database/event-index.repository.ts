import { insertNew } from '@app/mongo';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Filter } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';

/** One indexed event: the envelope plus where it sits in Kafka. Keyed by event id, so a resend is stored once. */
export interface IndexedEvent {
  eventId: string;
  stream: string;
  aggregateId: string;
  aggregateVersion: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  topic: string;
  partition: number;
  offset: string;
  payload: unknown;
}

type IndexedEventDocument = Omit<IndexedEvent, 'eventId'> & { _id: string };

@Injectable()
export class EventIndexRepository implements OnModuleInit {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<IndexedEventDocument> {
    return this.generations.collection<IndexedEventDocument>('history', 'event_index');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ aggregateId: 1, stream: 1, aggregateVersion: 1 }, { name: 'by_stream' });
  }

  async add(events: IndexedEvent[]): Promise<void> {
    await insertNew(this.collection, events.map(({ eventId, ...fields }) => ({ _id: eventId, ...fields })));
  }

  /** One aggregate's events in version order (all its streams, or one). */
  async read(aggregateId: string, query: { stream?: string; fromVersion: number; limit: number }): Promise<IndexedEvent[]> {
    const filter: Filter<IndexedEventDocument> = { aggregateId, aggregateVersion: { $gte: query.fromVersion } };
    if (query.stream) filter.stream = query.stream;
    const docs = await this.collection.find(filter).sort({ stream: 1, aggregateVersion: 1, _id: 1 }).limit(query.limit).toArray();
    return docs.map(({ _id, ...fields }) => ({ eventId: _id, ...fields }));
  }
}

