import { CRITICAL_STOCK, KnownEvent, LOW_STOCK, ORDER_CHANGED, PRODUCT_CHANGED, STOCK_RECOVERED } from '@app/contracts';
import { KeyedCache } from '../../../views/state/keyed-cache';
import { AlertRepository, StoredAlert } from '../../database/alert.repository';
import { StockReplicaRepository } from '../../database/stock-replica.repository';
import { TrackedOrderRepository } from '../../database/tracked-order.repository';
import { GlobalStockTable } from '../../global-stock/global-stock.table';
import { Alert, alertId, AlertType, newAlert } from '../../domain/alert';
import { reconcileAtRisk } from '../../domain/order-alerts.policy';
import { TrackedOrder } from '../../domain/tracked-order';

export const isStockAlert = (e: KnownEvent): e is Extract<KnownEvent, { type: typeof LOW_STOCK | typeof CRITICAL_STOCK | typeof STOCK_RECOVERED }> =>
  e.type === LOW_STOCK || e.type === CRITICAL_STOCK || e.type === STOCK_RECOVERED;

/** Everything one batch reads, changes in memory event by event, and writes back once. */
export class WorkingSet {
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

export type Stock = { version: number; stock: number };

/** The alerts view's keyed state in memory: its copies of orders and stock, and its alerts. */
export interface AlertsState {
  orders: KeyedCache<TrackedOrder>;
  stock: KeyedCache<Stock>;
  alerts: KeyedCache<Alert>;
}

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
 * Reads into the alerts view's state what a batch or a punctuation works on, and keeps what it changed:
 * the orders still Processing once after every reset (indexed by the products they want), the rest per
 * key when first needed.
 */
export class AlertsLoader {
  private readonly processing = new ProcessingIndex();
  private loaded = false;

  constructor(
    private readonly state: AlertsState,
    private readonly alerts: AlertRepository,
    private readonly orders: TrackedOrderRepository,
    private readonly stock: StockReplicaRepository,
    private readonly stockTable: GlobalStockTable,
    private readonly ownsOrderPartition: (partition: number) => boolean,
  ) {}

  get processingLoaded(): boolean {
    return this.loaded;
  }

  /** The Processing orders that want any of these products. */
  processingOrdersOf(productIds: readonly string[]): string[] {
    return this.processing.ordersOf(productIds);
  }

  /**
   * Once after every reset: the Processing orders of the partitions this instance owns. In a group they
   * are judged once against the loaded table. True when it loaded them now.
   */
  async loadProcessing(global: boolean): Promise<boolean> {
    if (this.loaded) return false;
    const open = (await this.orders.processing()).filter((o) => this.ownsOrderPartition(o.partition));
    this.state.orders.seed(new Map(open.map((o) => [o.orderId, { value: o, rev: null }])));
    for (const order of open) this.processing.track(undefined, order);
    if (global) this.keep(await this.judge(open.map((o) => o.orderId)));
    this.loaded = true;
    return true;
  }

  /** What a batch of these events works on; the Processing orders are loaded (loadProcessing) before. */
  async load(events: KnownEvent[], global: boolean): Promise<WorkingSet> {
    const orderIds = events.filter((e) => e.type === ORDER_CHANGED).map((e) => e.aggregateId);
    const productIds = events.filter((e) => e.type === PRODUCT_CHANGED).map((e) => e.aggregateId);
    const stockAlertIds = events.filter(isStockAlert).map((e) => e.aggregateId);
    await this.state.orders.ensure(orderIds, async (ids) => new Map([...(await this.orders.findMany(ids))].map(([id, o]) => [id, { value: o, rev: null }])));
    const orders = new Map<string, TrackedOrder>();
    // Outside a group a product's change re-judges its Processing orders here, against the view's copies.
    for (const id of [...orderIds, ...(global ? [] : this.processing.ordersOf(productIds))]) {
      const order = this.state.orders.get(id);
      if (order) orders.set(id, order);
    }
    const itemIds = global ? [] : events.flatMap((e) => (e.type === ORDER_CHANGED ? e.payload.order.items.map((i) => i.productId) : []));
    const judged = global ? [] : [...orders.values()].flatMap((o) => o.productIds);
    const stockIds = [...new Set([...productIds, ...stockAlertIds, ...itemIds, ...judged])];
    await this.state.stock.ensure(stockIds, async (ids) => new Map([...(await this.stock.findMany(ids))].map(([id, s]) => [id, { value: s, rev: null }])));
    const stock = new Map<string, Stock>();
    for (const id of stockIds) {
      const known = this.state.stock.get(id);
      if (known) stock.set(id, known);
    }
    const alertIds = [
      ...[...new Set([...orderIds, ...orders.keys()])].flatMap((id) => [alertId('order-at-risk', id), alertId('delayed-gold-order', id)]),
      ...[...stockAlertIds, ...productIds].flatMap((id) => [alertId('low-stock', id), alertId('critical-stock', id)]),
    ];
    return new WorkingSet(orders, stock, await this.alertsOf(alertIds));
  }

  /** The at-risk alerts of these (tracked) orders, judged against the global stock table. */
  async judge(orderIds: readonly string[]): Promise<WorkingSet> {
    const work = new WorkingSet(new Map(), new Map(), await this.alertsOf(orderIds.map((id) => alertId('order-at-risk', id))));
    for (const id of orderIds) {
      const order = this.state.orders.get(id);
      if (!order) continue;
      const at = order.productIds.map((p) => this.stockTable.level(p)?.at ?? '').reduce((a, b) => (a > b ? a : b), '');
      if (at) work.update('order-at-risk', id, (a) => reconcileAtRisk(a, order, this.stockTable.stock, at));
    }
    return work;
  }

  /** These alerts, cached (read from the store once), with the versions their writes are conditioned on. */
  private async alertsOf(alertIds: readonly string[]): Promise<Map<string, StoredAlert>> {
    await this.state.alerts.ensure(alertIds, async (ids) => new Map([...(await this.alerts.findMany(ids))].map(([id, a]) => [id, { value: a.alert, rev: a.version }])));
    const alerts = new Map<string, StoredAlert>();
    for (const id of new Set(alertIds)) {
      const alert = this.state.alerts.get(id);
      if (alert) alerts.set(id, { alert, version: this.state.alerts.rev(id) });
    }
    return alerts;
  }

  /** The batch (or punctuation) applied whole: only now does the cached state change. */
  keep(work: WorkingSet): void {
    for (const id of work.changedOrders) {
      const order = work.orders.get(id) as TrackedOrder;
      this.processing.track(this.state.orders.get(id), order);
      this.state.orders.put(id, order);
    }
    for (const id of work.changedStock) this.state.stock.put(id, work.stock.get(id) as Stock);
    for (const stored of work.alertWrites()) this.state.alerts.put(stored.alert.id, stored.alert);
  }

  /** Forgets the Processing orders: the next batch or punctuation loads them again. */
  reset(): void {
    this.processing.clear();
    this.loaded = false;
  }
}
