import { PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Outbox, OutboxEntry, toOutboxEntry } from '@app/outbox';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { generationCollection, WriteConflictError } from '@app/mongo';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { DerivedEventsGate } from '../../../views/derived-events.gate';
import { ViewGenerations } from '../../../views/view-generations';
import { VIEW_TOPICS, ViewProjector } from '../../../views/view-projector';
import { KeyedCache, FLUSH_CHUNK } from '../../../views/state/keyed-cache';
import { CATALOGUE_COLLECTION, CatalogueRepository } from '../../database/catalogue.repository';
import { applyProductChanged, applyReviewAdded, CatalogueEntry, emptyEntry } from '../../domain/catalogue-entry';
import { stockAlertFor } from '../../domain/stock-alert.factory';
import { StockThresholds } from '../../domain/stock-level';

interface CatalogueState {
  entry: CatalogueEntry;
  /** Stock alerts derived since the last flush: they ride in the entry's next write. */
  outbox: OutboxEntry[];
}

/**
 * The catalogue view: product fields and review statistics per product, kept in memory per product
 * (loaded from the view once) and written back in flushes: one conditioned write per changed product
 * per flush, however many of its events arrived. Threshold crossings leave a stock alert in the
 * entry's outbox, in the same write, for the relay to publish (the relay follows the generation the
 * view writes; a rebuild derives none, see DerivedEventsGate).
 */
@Injectable()
export class CatalogueProjector implements ViewProjector, OnApplicationBootstrap {
  readonly view = 'catalogue' as const;
  readonly topics = [...VIEW_TOPICS.catalogue];
  private readonly thresholds: StockThresholds;
  private readonly state = new KeyedCache<CatalogueState>();

  constructor(
    private readonly entries: CatalogueRepository,
    private readonly outbox: Outbox,
    private readonly generations: ViewGenerations,
    private readonly gate: DerivedEventsGate,
    private readonly config: StreamProcessorConfig,
  ) {
    this.thresholds = { low: config.LOW_STOCK_THRESHOLD, critical: config.CRITICAL_STOCK_THRESHOLD };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.REBUILD_VIEW) await this.outbox.track(this.collectionName());
  }

  /** The old generation's pending stock alerts are published before its relay stops; the new one's relay starts. */
  async generationSwitched(from: number, to: number): Promise<void> {
    await this.outbox.untrack(generationCollection(CATALOGUE_COLLECTION, from));
    await this.outbox.track(generationCollection(CATALOGUE_COLLECTION, to));
  }

  private collectionName(): string {
    return this.generations.collectionName('catalogue', CATALOGUE_COLLECTION);
  }

  async apply(events: ConsumedEvent[]): Promise<void> {
    await this.state.ensure(
      events.map(({ event }) => event.aggregateId),
      async (ids) => new Map([...(await this.entries.findMany(ids))].map(([id, { entry, version }]) => [id, { value: { entry, outbox: [] }, rev: version }])),
    );
    const changed = new Map<string, CatalogueState>();
    for (const { event, ctx } of events) {
      const id = event.aggregateId;
      const current = changed.get(id) ?? this.state.get(id) ?? { entry: emptyEntry(id), outbox: [] };
      if (event.type === PRODUCT_CHANGED) {
        const { entry, crossing } = applyProductChanged(current.entry, event, this.thresholds);
        if (entry === current.entry) continue;
        const outbox = crossing && this.gate.mayDerive(this.view, ctx) ? [...current.outbox, toOutboxEntry(Topic.StockAlerts, stockAlertFor(crossing, this.thresholds))] : current.outbox;
        changed.set(id, { entry, outbox });
      } else if (event.type === REVIEW_ADDED) {
        const entry = applyReviewAdded(current.entry, event);
        if (entry !== current.entry) changed.set(id, { ...current, entry });
      }
    }
    for (const [id, state] of changed) this.state.put(id, state);
  }

  pending(): number {
    return this.state.pending();
  }

  /** Writes the keys changed so far (taken before the first write); keys changed meanwhile wait for the next flush. */
  async flush(): Promise<'ok' | 'conflict'> {
    let result: 'ok' | 'conflict' = 'ok';
    const alerted: string[] = [];
    const chunks = this.state.dirtyChunks(FLUSH_CHUNK);
    for (const chunk of chunks) {
      try {
        await this.entries.save(chunk.map(([, { value, rev }]) => ({ entry: value.entry, version: rev, outbox: value.outbox })));
      } catch (error) {
        if (!(error instanceof WriteConflictError)) throw error;
        result = 'conflict';
        continue;
      }
      for (const [id, { value }] of chunk) if (value.outbox.length > 0) alerted.push(id);
      // Only the stock alerts this write carried leave the outbox: one derived while it ran rides in the next.
      this.state.flushed(chunk, (current, written) => ({
        value: { ...current.value, outbox: current.value.outbox.slice(written.value.outbox.length) },
        rev: (written.rev ?? 0) + 1,
      }));
    }
    if (alerted.length > 0) this.outbox.writtenIds(this.collectionName(), alerted);
    return result;
  }

  reset(): void {
    this.state.clear();
  }
}
