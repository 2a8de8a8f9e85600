import { ORDER_CHANGED, PRODUCT_CHANGED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { WriteConflictError } from '@app/mongo';
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { FLUSH_CHUNK, KeyedCache } from '../../../views/state/keyed-cache';
import { ViewAssignments } from '../../../views/view-assignments';
import { VIEW_TOPICS, ViewProjector } from '../../../views/view-projector';
import { AlertRepository } from '../../database/alert.repository';
import { StockReplicaRepository } from '../../database/stock-replica.repository';
import { TrackedOrderRepository } from '../../database/tracked-order.repository';
import { GlobalStockTable } from '../../global-stock/global-stock.table';
import { Alert } from '../../domain/alert';
import { reconcileAtRisk, reconcileDelayedOnEvent } from '../../domain/order-alerts.policy';
import { applyStockAlert, refreshStock } from '../../domain/stock-alerts.policy';
import { TrackedOrder, trackOrder } from '../../domain/tracked-order';
import { AlertsLoader, isStockAlert, Stock } from './alerts.loader';

/**
 * The alerts view. Stock alerts follow the stock alert business events; at-risk and delayed-order
 * alerts are judged from its own copies of orders and stock. All are kept in memory (orders still
 * Processing are read once, at the first batch, the rest per key when first needed) and flushed
 * together: alerts before the copies, so a crash in between replays the events against the old copies
 * and reaches the same alerts.
 *
 * Stock for the at-risk judgement: in a consumer group, where instances share the partitions and the
 * owner of an order need not own the products it wants, the global stock table (every product); a
 * change there re-judges the Processing orders this instance owns that want the product (a
 * punctuation: no record of its partitions brought it). Outside a group — a rebuild's event-time merge
 * of every partition — the view's own copies, in event-time order, so a replay judges as live did.
 */
@Injectable()
export class AlertsProjector implements ViewProjector {
  readonly view = 'alerts';
  readonly topics = [...VIEW_TOPICS.alerts];
  private readonly orderState = new KeyedCache<TrackedOrder>();
  private readonly stockState = new KeyedCache<Stock>();
  private readonly alertState = new KeyedCache<Alert>();
  private readonly loader: AlertsLoader;
  /** Products whose stock changed in the global table and whose orders are not re-judged yet. */
  private readonly restock = new Set<string>();
  readonly punctuation: { due: Subject<void>; run: () => Promise<void> };

  constructor(
    private readonly alerts: AlertRepository,
    private readonly orders: TrackedOrderRepository,
    private readonly stock: StockReplicaRepository,
    private readonly stockTable: GlobalStockTable,
    private readonly assignments: ViewAssignments,
    private readonly config: StreamProcessorConfig,
  ) {
    const state = { orders: this.orderState, stock: this.stockState, alerts: this.alertState };
    this.loader = new AlertsLoader(state, alerts, orders, stock, stockTable, (partition) => assignments.owns(this.view, Topic.OrderEvents, partition));
    this.punctuation = { due: stockTable.changes, run: () => this.stockChanged() };
  }

  /** In a consumer group: the at-risk judgement reads the global stock table (see the class). */
  private inGroup(): boolean {
    return this.assignments.partitions(this.view, Topic.OrderEvents) !== undefined;
  }

  async apply(events: ConsumedEvent[]): Promise<void> {
    const global = this.inGroup();
    if (global) await this.stockTable.ready();
    await this.loadProcessing(global);
    const work = await this.loader.load(events.map((e) => e.event), global);
    const levels = global ? this.stockTable.stock : work.levels;
    for (const { event, ctx } of events) {
      if (event.type === ORDER_CHANGED) {
        const next = trackOrder(work.orders.get(event.aggregateId), event, ctx.partition, this.config.DELAYED_ORDER_AFTER_MS);
        if (next) {
          work.orders.set(next.orderId, next);
          work.changedOrders.add(next.orderId);
        }
        const order = work.orders.get(event.aggregateId) as TrackedOrder;
        work.update('order-at-risk', order.orderId, (a) => reconcileAtRisk(a, order, levels, event.occurredAt));
        work.update('delayed-gold-order', order.orderId, (a) => reconcileDelayedOnEvent(a, order, event));
      } else if (event.type === PRODUCT_CHANGED) {
        const known = work.stock.get(event.aggregateId);
        if (!known || event.aggregateVersion > known.version) {
          work.setStock(event.aggregateId, event.aggregateVersion, event.payload.product.stock);
        }
        for (const type of ['low-stock', 'critical-stock'] as const) {
          work.update(type, event.aggregateId, (a) => refreshStock(a, event.aggregateVersion, event.payload.product.stock));
        }
        // In a group the global table's change re-judges these orders (stockChanged).
        if (global) continue;
        for (const order of work.orders.values()) {
          if (order.status === 'Processing' && order.productIds.includes(event.aggregateId)) {
            work.update('order-at-risk', order.orderId, (a) => reconcileAtRisk(a, order, levels, event.occurredAt));
          }
        }
      } else if (isStockAlert(event)) {
        const [low, critical] = applyStockAlert(work.alert('low-stock', event.aggregateId), work.alert('critical-stock', event.aggregateId), event);
        // The product's newer stock may have been seen before this alert event (topics are read independently,
        // so a replay interleaves them differently from live): refreshing from the copy makes the order irrelevant.
        const known = work.stock.get(event.aggregateId);
        const fresh = (a: Alert) => (known ? refreshStock(a, known.version, known.stock) : a);
        work.update('low-stock', event.aggregateId, () => fresh(low));
        work.update('critical-stock', event.aggregateId, () => fresh(critical));
      }
    }
    this.loader.keep(work);
  }

  /**
   * The punctuation (in a group): the Processing orders this instance owns that want a product whose
   * stock changed in the global table are judged again, at the time of that product's newest event. With
   * the state dropped (a rebalance) and no batch since, every Processing order it owns is loaded and judged.
   */
  private async stockChanged(): Promise<void> {
    for (const id of this.stockTable.takeChanges()) this.restock.add(id);
    if (!this.inGroup() || this.restock.size === 0) return;
    if (!this.loader.processingLoaded) return this.loadProcessing(true);
    const work = await this.loader.judge(this.loader.processingOrdersOf([...this.restock]));
    this.restock.clear();
    this.loader.keep(work);
  }

  /** The Processing orders loaded once after every reset (AlertsLoader): a stock change not judged when the state was last dropped is judged now. */
  private async loadProcessing(global: boolean): Promise<void> {
    if (await this.loader.loadProcessing(global)) this.restock.clear();
  }

  pending(): number {
    return this.alertState.pending() + this.orderState.pending() + this.stockState.pending();
  }

  /**
   * Writes what changed so far — alerts, order and stock copies all taken before the first write, so
   * the copies written are the ones those alerts were judged on; changes applied meanwhile wait for the
   * next flush.
   */
  async flush(): Promise<'ok' | 'conflict'> {
    const alertChunks = this.alertState.dirtyChunks(FLUSH_CHUNK);
    const orderChunks = this.orderState.dirtyChunks(FLUSH_CHUNK);
    const stockChunks = this.stockState.dirtyChunks(FLUSH_CHUNK);
    let result: 'ok' | 'conflict' = 'ok';
    for (const chunk of alertChunks) {
      try {
        await this.alerts.save(chunk.map(([, { value, rev }]) => ({ alert: value, version: rev })));
      } catch (error) {
        if (!(error instanceof WriteConflictError)) throw error;
        result = 'conflict';
        continue;
      }
      this.alertState.flushed(chunk, (current, written) => ({ ...current, rev: (written.rev ?? 0) + 1 }));
    }
    // The copies only after every alert landed: a conflict reads the events again against the old copies.
    if (result === 'conflict') return result;
    for (const chunk of orderChunks) {
      await this.orders.save(chunk.map(([, { value }]) => value));
      this.orderState.flushed(chunk);
    }
    for (const chunk of stockChunks) {
      await this.stock.save(new Map(chunk.map(([id, { value }]) => [id, value])));
      this.stockState.flushed(chunk);
    }
    return 'ok';
  }

  reset(): void {
    for (const state of [this.orderState, this.stockState, this.alertState]) state.clear();
    this.loader.reset();
    // The first batch or stock change after this judges every Processing order again.
    this.restock.clear();
  }
}
