import { PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Outbox, OutboxEntry, toOutboxEntry } from '@app/outbox';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { generationCollection } from '@app/mongo';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { DerivedEventsGate } from '../../../views/derived-events.gate';
import { ViewGenerations } from '../../../views/view-generations';
import { ViewProjector } from '../../../views/view-projector';
import { CATALOGUE_COLLECTION, CatalogueRepository, EntryChange } from '../../database/catalogue.repository';
import { applyProductChanged, applyReviewAdded, emptyEntry } from '../../domain/catalogue-entry';
import { stockAlertFor } from '../../domain/stock-alert.factory';
import { StockThresholds } from '../../domain/stock-level';

/**
 * The catalogue view: product fields and review statistics per product. A batch is read with one
 * query, applied in memory event by event (so several events of one product cost one write), and
 * written with one unordered bulk. Threshold crossings leave a stock alert in the entry's outbox, in
 * the same write, for the relay to publish (the relay follows the generation the view writes; a rebuild
 * derives none, see DerivedEventsGate).
 */
@Injectable()
export class CatalogueProjector implements ViewProjector, OnApplicationBootstrap {
  readonly view = 'catalogue' as const;
  readonly topics = [Topic.ProductEvents, Topic.ReviewEvents];
  private readonly thresholds: StockThresholds;

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

  async project(events: ConsumedEvent[]): Promise<void> {
    const ids = [...new Set(events.map(({ event }) => event.aggregateId))];
    const stored = await this.entries.findMany(ids);
    const changed = new Map<string, EntryChange>();
    for (const { event, ctx } of events) {
      const current = changed.get(event.aggregateId) ?? { ...(stored.get(event.aggregateId) ?? { entry: emptyEntry(event.aggregateId), version: null }), outbox: [] as OutboxEntry[] };
      if (event.type === PRODUCT_CHANGED) {
        const { entry, crossing } = applyProductChanged(current.entry, event, this.thresholds);
        if (entry === current.entry) continue;
        const outbox = crossing && this.gate.mayDerive(this.view, ctx) ? [...current.outbox, toOutboxEntry(Topic.StockAlerts, stockAlertFor(crossing, this.thresholds))] : current.outbox;
        changed.set(event.aggregateId, { ...current, entry, outbox });
      } else if (event.type === REVIEW_ADDED) {
        const entry = applyReviewAdded(current.entry, event);
        if (entry !== current.entry) changed.set(event.aggregateId, { ...current, entry });
      }
    }
    const changes = [...changed.values()];
    await this.entries.save(changes);
    if (changes.some((c) => c.outbox.length > 0)) this.outbox.written(this.collectionName());
  }
}
