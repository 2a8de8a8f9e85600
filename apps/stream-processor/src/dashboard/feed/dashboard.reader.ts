import { Injectable } from '@nestjs/common';
import { AlertRepository } from '../../alerts/database/alert.repository';
import { Alert, AlertType } from '../../alerts/domain/alert';
import { CatalogueRepository } from '../../catalogue/database/catalogue.repository';
import { EventIndexRepository } from '../../history/database/event-index.repository';
import { orderIdsOf, Panel, shortProductIdsOf, ViewReads } from '../domain/dashboard-panels';
import { dashboardMetrics } from './dashboard.metrics';

/** Rows per panel (the first by id for the catalogue, the newest for alerts); counts cover all. */
export const DASHBOARD_ROWS = 200;
/** Customer names looked up per read at most; the rest come with the next reads. */
const NAME_LOOKUPS_PER_READ = 50;
const NAME_LOOKUP_CONCURRENCY = 8;

const customerNameOf = (payload: unknown): string | null => {
  const order = (payload as { order?: { customerName?: unknown } } | null)?.order;
  return typeof order?.customerName === 'string' ? order.customerName : null;
};

/**
 * One read of everything the dashboard shows. Customer names are not in the alerts view: they come
 * from the order's first event in the event index (the name it was placed under), once per order.
 */
@Injectable()
export class DashboardReader {
  private readonly customerNames = new Map<string, string>();
  /** Some order shown has no name yet (the event index is behind): a history flush may bring it. */
  namesMissing = false;

  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly alerts: AlertRepository,
    private readonly index: EventIndexRepository,
  ) {}

  async read(): Promise<ViewReads> {
    const [catalogue, lowStock, criticalStock, delayedOrders, ordersAtRisk] = await Promise.all([
      this.counted(this.catalogue.list(0, DASHBOARD_ROWS)).then((p) => ({ total: p.total, rows: p.items })),
      this.active('low-stock'),
      this.active('critical-stock'),
      this.active('delayed-gold-order'),
      this.active('order-at-risk'),
    ]);
    const [productNames, customerNames] = await Promise.all([this.productNames(shortProductIdsOf({ ordersAtRisk })), this.namesOf(orderIdsOf({ delayedOrders, ordersAtRisk }))]);
    dashboardMetrics.refreshes.inc();
    return { catalogue, lowStock, criticalStock, delayedOrders, ordersAtRisk, productNames, customerNames };
  }

  private async active(type: AlertType): Promise<Panel<Alert>> {
    const page = await this.counted(this.alerts.list({ type, active: true }, 0, DASHBOARD_ROWS));
    return { total: page.total, rows: page.items };
  }

  private async productNames(ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const found = await this.counted(this.catalogue.findMany(ids));
    return new Map([...found].map(([id, { entry }]) => [id, entry.name]));
  }

  /** Names of the orders shown, the cache trimmed to them. */
  private async namesOf(orderIds: string[]): Promise<Map<string, string>> {
    const shown = new Set(orderIds);
    for (const id of this.customerNames.keys()) if (!shown.has(id)) this.customerNames.delete(id);
    const unknown = orderIds.filter((id) => !this.customerNames.has(id));
    const lookups = unknown.slice(0, NAME_LOOKUPS_PER_READ);
    for (let i = 0; i < lookups.length; i += NAME_LOOKUP_CONCURRENCY) {
      await Promise.all(lookups.slice(i, i + NAME_LOOKUP_CONCURRENCY).map((id) => this.lookUp(id)));
    }
    this.namesMissing = orderIds.some((id) => !this.customerNames.has(id));
    return new Map(this.customerNames);
  }

  private async lookUp(orderId: string): Promise<void> {
    const [first] = await this.counted(this.index.read(orderId, { stream: 'order', fromVersion: 0, limit: 1 }));
    const name = customerNameOf(first?.payload);
    if (name !== null) this.customerNames.set(orderId, name);
  }

  private counted<T>(query: Promise<T>): Promise<T> {
    dashboardMetrics.storeReads.inc();
    return query;
  }
}
