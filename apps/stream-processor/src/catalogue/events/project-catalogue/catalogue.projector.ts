import { PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Outbox, OutboxEntry, toOutboxEntry } from '@app/outbox';
import { Injectable } from '@nestjs/common';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { ViewProjector } from '../../../views/view-projector';
import { CATALOGUE_COLLECTION, CatalogueRepository, EntryChange } from '../../database/catalogue.repository';
import { applyProductChanged, applyReviewAdded, emptyEntry } from '../../domain/catalogue-entry';
import { stockAlertFor } from '../../domain/stock-alert.factory';
import { StockThresholds } from '../../domain/stock-level';

/**
 * The catalogue view: product fields and review statistics per product. A batch is read with one
 * query, applied in memory event by event (so several events of one product cost one write), and
 * written with one unordered bulk. Threshold crossings leave a stock alert in the entry's outbox, in
 * the same write, for the relay to publish.
 */
@Injectable()
export class CatalogueProjector implements ViewProjector {
  readonly view = 'catalogue';
  readonly topics = [Topic.ProductEvents, Topic.ReviewEvents];
  private readonly thresholds: StockThresholds;

  constructor(
    private readonly entries: CatalogueRepository,
    private readonly outbox: Outbox,
    config: StreamProcessorConfig,
  ) {
    this.thresholds = { low: config.LOW_STOCK_THRESHOLD, critical: config.CRITICAL_STOCK_THRESHOLD };
  }

  async project(events: ConsumedEvent[]): Promise<void> {
    const ids = [...new Set(events.map(({ event }) => event.aggregateId))];
    const stored = await this.entries.findMany(ids);
    const changed = new Map<string, EntryChange>();
    for (const { event } of events) {
      const current = changed.get(event.aggregateId) ?? { ...(stored.get(event.aggregateId) ?? { entry: emptyEntry(event.aggregateId), version: null }), outbox: [] as OutboxEntry[] };
      if (event.type === PRODUCT_CHANGED) {
        const { entry, crossing } = applyProductChanged(current.entry, event, this.thresholds);
        if (entry === current.entry) continue;
        const outbox = crossing ? [...current.outbox, toOutboxEntry(Topic.StockAlerts, stockAlertFor(crossing, this.thresholds))] : current.outbox;
        changed.set(event.aggregateId, { ...current, entry, outbox });
      } else if (event.type === REVIEW_ADDED) {
        const entry = applyReviewAdded(current.entry, event);
        if (entry !== current.entry) changed.set(event.aggregateId, { ...current, entry });
      }
    }
    const changes = [...changed.values()];
    await this.entries.save(changes);
    if (changes.some((c) => c.outbox.length > 0)) this.outbox.written(CATALOGUE_COLLECTION);
  }
}
