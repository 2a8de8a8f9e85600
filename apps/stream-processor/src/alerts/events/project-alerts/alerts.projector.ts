import { CRITICAL_STOCK, KnownEvent, LOW_STOCK, ORDER_CHANGED, PRODUCT_CHANGED, STOCK_RECOVERED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { ViewProjector } from '../../../views/view-projector';
import { AlertRepository, StoredAlert } from '../../database/alert.repository';
import { StockReplicaRepository } from '../../database/stock-replica.repository';
import { TrackedOrderRepository } from '../../database/tracked-order.repository';
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
  /** Current stock per product, as the policies read it. */
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

/**
 * The alerts view. Stock alerts follow the stock alert business events; at-risk and delayed-order
 * alerts are judged from its own copies of orders and stock. Alerts are written before the copies, so a
 * crash in between replays the batch against the old copies and reaches the same alerts.
 */
@Injectable()
export class AlertsProjector implements ViewProjector {
  readonly view = 'alerts';
  readonly topics = [Topic.OrderEvents, Topic.ProductEvents, Topic.StockAlerts];

  constructor(
    private readonly alerts: AlertRepository,
    private readonly orders: TrackedOrderRepository,
    private readonly stock: StockReplicaRepository,
    private readonly config: StreamProcessorConfig,
  ) {}

  async project(events: ConsumedEvent[]): Promise<void> {
    const work = await this.load(events.map((e) => e.event));
    for (const { event, ctx } of events) {
      if (event.type === ORDER_CHANGED) {
        const next = trackOrder(work.orders.get(event.aggregateId), event, ctx.partition, this.config.DELAYED_ORDER_AFTER_MS);
        if (next) {
          work.orders.set(next.orderId, next);
          work.changedOrders.add(next.orderId);
        }
        const order = work.orders.get(event.aggregateId) as TrackedOrder;
        work.update('order-at-risk', order.orderId, (a) => reconcileAtRisk(a, order, work.levels, event.occurredAt));
        work.update('delayed-gold-order', order.orderId, (a) => reconcileDelayedOnEvent(a, order, event));
      } else if (event.type === PRODUCT_CHANGED) {
        const known = work.stock.get(event.aggregateId);
        if (!known || event.aggregateVersion > known.version) {
          work.setStock(event.aggregateId, event.aggregateVersion, event.payload.product.stock);
        }
        for (const type of ['low-stock', 'critical-stock'] as const) {
          work.update(type, event.aggregateId, (a) => refreshStock(a, event.aggregateVersion, event.payload.product.stock));
        }
        for (const order of work.orders.values()) {
          if (order.status === 'Processing' && order.productIds.includes(event.aggregateId)) {
            work.update('order-at-risk', order.orderId, (a) => reconcileAtRisk(a, order, work.levels, event.occurredAt));
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
    await this.alerts.save(work.alertWrites());
    await this.orders.save([...work.changedOrders].map((id) => work.orders.get(id) as TrackedOrder));
    await this.stock.save(new Map([...work.changedStock].map((id) => [id, work.stock.get(id) as { version: number; stock: number }])));
  }

  private async load(events: KnownEvent[]): Promise<WorkingSet> {
    const orderIds = events.filter((e) => e.type === ORDER_CHANGED).map((e) => e.aggregateId);
    const productIds = events.filter((e) => e.type === PRODUCT_CHANGED).map((e) => e.aggregateId);
    const stockAlertIds = events.filter(isStockAlert).map((e) => e.aggregateId);
    const orders = await this.orders.findMany(orderIds);
    for (const order of await this.orders.processingWithProducts(productIds)) if (!orders.has(order.orderId)) orders.set(order.orderId, order);
    const itemIds = events.flatMap((e) => (e.type === ORDER_CHANGED ? e.payload.order.items.map((i) => i.productId) : []));
    const stock = await this.stock.findMany([...new Set([...productIds, ...stockAlertIds, ...itemIds, ...[...orders.values()].flatMap((o) => o.productIds)])]);
    const alertIds = [
      ...[...new Set([...orderIds, ...orders.keys()])].flatMap((id) => [alertId('order-at-risk', id), alertId('delayed-gold-order', id)]),
      ...[...stockAlertIds, ...productIds].flatMap((id) => [alertId('low-stock', id), alertId('critical-stock', id)]),
    ];
    return new WorkingSet(orders, stock, await this.alerts.findMany([...new Set(alertIds)]));
  }
}
