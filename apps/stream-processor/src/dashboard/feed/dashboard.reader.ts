import { Injectable } from '@nestjs/common';
import { AlertRepository } from '../../alerts/database/alert.repository';
import { Alert, AlertType } from '../../alerts/domain/alert';
import { CatalogueRepository } from '../../catalogue/database/catalogue.repository';
import { orderIdsOf, Panel, shortProductIdsOf, ViewReads } from '../domain/dashboard-panels';
import { CustomerNames } from './customer-names';
import { dashboardMetrics } from './dashboard.metrics';

/** Rows per panel (the first by id for the catalogue, the newest for alerts); counts cover all. */
export const DASHBOARD_ROWS = 200;

/**
 * One read of everything the dashboard shows. Customer names are not in the alerts view: the read takes
 * those known so far, and CustomerNames looks up the others in the background.
 */
@Injectable()
export class DashboardReader {
  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly alerts: AlertRepository,
    private readonly names: CustomerNames,
  ) {}

  async read(): Promise<ViewReads> {
    const [catalogue, lowStock, criticalStock, delayedOrders, ordersAtRisk] = await Promise.all([
      this.counted(this.catalogue.list(0, DASHBOARD_ROWS)).then((p) => ({ total: p.total, rows: p.items })),
      this.active('low-stock'),
      this.active('critical-stock'),
      this.active('delayed-gold-order'),
      this.active('order-at-risk'),
    ]);
    const productNames = await this.productNames(shortProductIdsOf({ ordersAtRisk }));
    this.names.show(orderIdsOf({ delayedOrders, ordersAtRisk }));
    dashboardMetrics.refreshes.inc();
    return { catalogue, lowStock, criticalStock, delayedOrders, ordersAtRisk, productNames, customerNames: new Map(this.names.known()) };
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

  private counted<T>(query: Promise<T>): Promise<T> {
    dashboardMetrics.storeReads.inc();
    return query;
  }
}
