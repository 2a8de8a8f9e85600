import { CRITICAL_STOCK, KnownEvent, LOW_STOCK, ORDER_CHANGED, PRODUCT_CHANGED, STOCK_RECOVERED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { WriteConflictError } from '@app/mongo';
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { FLUSH_CHUNK, KeyedCache } from '../../../views/state/keyed-cache';
import { ViewAssignments } from '../../../views/view-assignments';
import { ViewProjector } from '../../../views/view-projector';
import { AlertRepository, StoredAlert } from '../../database/alert.repository';
import { StockReplicaRepository } from '../../database/stock-replica.repository';
import { TrackedOrderRepository } from '../../database/tracked-order.repository';
import { GlobalStockTable } from '../../global-stock/global-stock.table';
import { Alert, alertId, AlertType, newAlert } from '../../domain/alert';
import { reconcileAtRisk, reconcileDelayedOnEvent } from '../../domain/order-alerts.policy';
import { applyStockAlert, refreshStock } from '../../domain/stock-alerts.policy';
import { TrackedOrder, trackOrder } from '../../domain/tracked-order';

const isStockAlert = (e: KnownEvent): e is Extract<KnownEvent, { type: typeof LOW_STOCK | typeof CRITICAL_STOCK | typeof STOCK_RECOVERED }> =>
  e.type === LOW_STOCK || e.type === CRITICAL_STOCK || e.type === STOCK_RECOVERED;

/** Everything one batch reads, changes in memory event by event, and writes back once. */
class WorkingSet {
  readonly changedOrders = new Set<string>();
  readonly changedStock = new Set<string>();
  readonly changedAlerts = new Set<string>();
  /** Current stock per product as the view's own copies say (read where it sees every product event). */
  readonly levels: Map<string, number>;

  constructor(
    readonly orders: Map<string, TrackedOrder>,
    readonly stock: Map<string, { version: number; stock: number }>,
    private readonly alerts: Map<string, StoredAlert>,
  ) {
    this.levels = new Map([...stock].map(([id, s]) => [id, s.stock]));
  }

  setStock(productId: string, version: number, stock: number): void {
    this.stock.set(productId, { version, stock });
    this.levels.set(productId, stock);
    this.changedStock.add(productId);
  }

  update(type: AlertType, subjectId: string, change: (alert: Alert) => Alert): void {
    const id = alertId(type, subjectId);
    const stored = this.alerts.get(id) ?? { alert: newAlert(type, subjectId), version: null };
    const next = change(stored.alert);
    if (next === stored.alert) return;
    this.alerts.set(id, { ...stored, alert: next });
    this.changedAlerts.add(id);
  }

  alert(type: AlertType, subjectId: string): Alert {
    return this.alerts.get(alertId(type, subjectId))?.alert ?? newAlert(type, subjectId);
  }

  alertWrites(): StoredAlert[] {
    return [...this.changedAlerts].map((id) => this.alerts.get(id) as StoredAlert);
  }
}

type Stock = { version: number; stock: number };

/** Orders still Processing per product they want: the orders a stock change can put at risk. */
class ProcessingIndex {
  private readonly byProduct = new Map<string, Set<string>>();

  track(previous: TrackedOrder | undefined, next: TrackedOrder): void {
    if (previous?.status === 'Processing') for (const p of previous.productIds) this.byProduct.get(p)?.delete(next.orderId);
    if (next.status === 'Processing') for (const p of next.productIds) this.byProduct.set(p, (this.byProduct.get(p) ?? new Set()).add(next.orderId));
  }

  ordersOf(productIds: readonly string[]): string[] {
    return [...new Set(productIds.flatMap((p) => [...(this.byProduct.get(p) ?? [])]))];
  }

  clear(): void {
    this.byProduct.clear();
  }
}

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
  readonly topics = [Topic.OrderEvents, Topic.ProductEvents, Topic.StockAlerts];
  private readonly orderState = new KeyedCache<TrackedOrder>();
  private readonly stockState = new KeyedCache<Stock>();
  private readonly alertState = new KeyedCache<Alert>();
  private readonly processing = new ProcessingIndex();
  private processingLoaded = false;
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
    this.punctuation = { due: stockTable.changes, run: () => this.stockChanged() };
  }

  /** In a consumer group: the at-risk judgement reads the global stock table (see the class). */
  private inGroup(): boolean {
    return this.assignments.partitions(this.view, Topic.OrderEvents) !== undefined;
  }

  async apply(events: ConsumedEvent[]): Promise<void> {
    const global = this.inGroup();
    if (global) await this.stockTable.ready();
    const work = await this.load(events.map((e) => e.event), global);
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
    this.keep(work);
  }

  /**
   * The punctuation (in a group): the Processing orders this instance owns that want a product whose
   * stock changed in the global table are judged again, at the time of that product's newest event. With
   * the state dropped (a rebalance) and no batch since, every Processing order it owns is loaded and judged.
   */
  private async stockChanged(): Promise<void> {
    for (const id of this.stockTable.takeChanges()) this.restock.add(id);
    if (!this.inGroup() || this.restock.size === 0) return;
    if (!this.processingLoaded) return this.loadProcessing(true);
    const work = await this.judge(this.processing.ordersOf([...this.restock]));
    this.restock.clear();
    this.keep(work);
  }

  /** The at-risk alerts of these (tracked) orders, judged against the global stock table. */
  private async judge(orderIds: readonly string[]): Promise<WorkingSet> {
    await this.alertState.ensure(
      orderIds.map((id) => alertId('order-at-risk', id)),
      async (ids) => new Map([...(await this.alerts.findMany(ids))].map(([id, a]) => [id, { value: a.alert, rev: a.version }])),
    );
    const alerts = new Map<string, StoredAlert>();
    for (const id of orderIds) {
      const key = alertId('order-at-risk', id);
      const alert = this.alertState.get(key);
      if (alert) alerts.set(key, { alert, version: this.alertState.rev(key) });
    }
    const work = new WorkingSet(new Map(), new Map(), alerts);
    for (const id of orderIds) {
      const order = this.orderState.get(id);
      if (!order) continue;
      const at = order.productIds.map((p) => this.stockTable.level(p)?.at ?? '').reduce((a, b) => (a > b ? a : b), '');
      if (at) work.update('order-at-risk', id, (a) => reconcileAtRisk(a, order, this.stockTable.stock, at));
    }
    return work;
  }

  /** The batch (or punctuation) applied whole: only now does the cached state change. */
  private keep(work: WorkingSet): void {
    for (const id of work.changedOrders) {
      const order = work.orders.get(id) as TrackedOrder;
      this.processing.track(this.orderState.get(id), order);
      this.orderState.put(id, order);
    }
    for (const id of work.changedStock) this.stockState.put(id, work.stock.get(id) as Stock);
    for (const stored of work.alertWrites()) this.alertState.put(stored.alert.id, stored.alert);
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
    this.processing.clear();
    this.processingLoaded = false;
    // The first batch or stock change after this judges every Processing order again.
    this.restock.clear();
  }

  /**
   * Once after every reset: the Processing orders of the partitions this instance owns. In a group they
   * are judged once against the loaded table: a stock change not judged when the state was last dropped is judged now.
   */
  private async loadProcessing(global: boolean): Promise<void> {
    if (this.processingLoaded) return;
    const open = (await this.orders.processing()).filter((o) => this.assignments.owns(this.view, Topic.OrderEvents, o.partition));
    this.orderState.seed(new Map(open.map((o) => [o.orderId, { value: o, rev: null }])));
    for (const order of open) this.processing.track(undefined, order);
    if (global) this.keep(await this.judge(open.map((o) => o.orderId)));
    this.restock.clear();
    this.processingLoaded = true;
  }

  private async load(events: KnownEvent[], global: boolean): Promise<WorkingSet> {
    await this.loadProcessing(global);
    const orderIds = events.filter((e) => e.type === ORDER_CHANGED).map((e) => e.aggregateId);
    const productIds = events.filter((e) => e.type === PRODUCT_CHANGED).map((e) => e.aggregateId);
    const stockAlertIds = events.filter(isStockAlert).map((e) => e.aggregateId);
    await this.orderState.ensure(orderIds, async (ids) => new Map([...(await this.orders.findMany(ids))].map(([id, o]) => [id, { value: o, rev: null }])));
    const orders = new Map<string, TrackedOrder>();
    // Outside a group a product's change re-judges its Processing orders here, against the view's copies.
    for (const id of [...orderIds, ...(global ? [] : this.processing.ordersOf(productIds))]) {
      const order = this.orderState.get(id);
      if (order) orders.set(id, order);
    }
    const itemIds = global ? [] : events.flatMap((e) => (e.type === ORDER_CHANGED ? e.payload.order.items.map((i) => i.productId) : []));
    const judged = global ? [] : [...orders.values()].flatMap((o) => o.productIds);
    const stockIds = [...new Set([...productIds, ...stockAlertIds, ...itemIds, ...judged])];
    await this.stockState.ensure(stockIds, async (ids) => new Map([...(await this.stock.findMany(ids))].map(([id, s]) => [id, { value: s, rev: null }])));
    const stock = new Map<string, Stock>();
    for (const id of stockIds) {
      const known = this.stockState.get(id);
      if (known) stock.set(id, known);
    }
    const alertIds = [
      ...[...new Set([...orderIds, ...orders.keys()])].flatMap((id) => [alertId('order-at-risk', id), alertId('delayed-gold-order', id)]),
      ...[...stockAlertIds, ...productIds].flatMap((id) => [alertId('low-stock', id), alertId('critical-stock', id)]),
    ];
    await this.alertState.ensure(alertIds, async (ids) => new Map([...(await this.alerts.findMany(ids))].map(([id, a]) => [id, { value: a.alert, rev: a.version }])));
    const alerts = new Map<string, StoredAlert>();
    for (const id of new Set(alertIds)) {
      const alert = this.alertState.get(id);
      if (alert) alerts.set(id, { alert, version: this.alertState.rev(id) });
    }
    return new WorkingSet(orders, stock, alerts);
  }
}
