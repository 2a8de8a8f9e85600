import { findByIds, saveAtVersion } from '@app/mongo';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Filter } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';
import { Alert, AlertType } from '../domain/alert';

export const ALERTS_COLLECTION = 'alerts';

type AlertDocument = Omit<Alert, 'id'> & { _id: string; version: number };

export interface StoredAlert {
  alert: Alert;
  version: number | null;
}

const toAlert = ({ _id, version: _v, ...fields }: AlertDocument): Alert => ({ id: _id, ...fields });

@Injectable()
export class AlertRepository implements OnModuleInit {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<AlertDocument> {
    return this.generations.collection<AlertDocument>('alerts', ALERTS_COLLECTION);
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ active: 1, type: 1, openedAt: -1 }, { name: 'by_state_type' });
  }

  async findMany(ids: string[]): Promise<Map<string, StoredAlert>> {
    if (ids.length === 0) return new Map();
    const docs = await findByIds(this.collection, ids);
    return new Map(docs.map((d) => [d._id, { alert: toAlert(d), version: d.version }]));
  }

  /** Writes the alerts that changed, each conditioned on the version read (the timer writes them too). */
  async save(changed: StoredAlert[]): Promise<void> {
    await saveAtVersion(
      this.collection,
      changed.map(({ alert: { id, ...fields }, version }) => ({ _id: id, version, set: fields })),
    );
  }

  async list(query: { type?: AlertType; active?: boolean; subjectId?: string }, skip: number, limit: number): Promise<{ items: Alert[]; total: number }> {
    const filter: Filter<AlertDocument> = {};
    if (query.type) filter.type = query.type;
    if (query.active !== undefined) filter.active = query.active;
    if (query.subjectId) filter.subjectId = query.subjectId;
    const [docs, total] = await Promise.all([
      this.collection.find(filter).sort({ openedAt: -1, _id: 1 }).skip(skip).limit(limit).toArray(),
      this.collection.countDocuments(filter),
    ]);
    return { items: docs.map(toAlert), total };
  }
}
