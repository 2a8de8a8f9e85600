import { StockLevel } from '@app/contracts';
import { Alert } from '../../alerts/domain/alert';
import { CatalogueEntry } from '../../catalogue/domain/catalogue-entry';

export interface CatalogueRow {
  id: string;
  name: string | null;
  price: number | null;
  stock: number | null;
  level: StockLevel | null;
  /** The view's exact mean, rounded to two decimals for display; null without reviews. */
  rating: string | null;
  reviews: number;
}

export interface StockAlertRow {
  id: string;
  productId: string;
  productName: string | null;
  stock: number | null;
  since: string | null;
}

export interface DelayedOrderRow {
  id: string;
  orderId: string;
  customerId: string | null;
  customerName: string | null;
  placedAt: string | null;
  /** When it became delayed: the page shows how long ago that was. */
  dueAt: string | null;
}

export interface ShortfallItem {
  productId: string;
  productName: string | null;
  wanted: number;
  stock: number;
  short: number;
}

export interface AtRiskRow {
  id: string;
  orderId: string;
  customerId: string | null;
  customerName: string | null;
  since: string | null;
  items: ShortfallItem[];
}

export interface Panel<Row> {
  /** Everything the query matches; `rows` holds at most the first DASHBOARD_ROWS of them. */
  total: number;
  rows: Row[];
}

export interface Panels {
  catalogue: Panel<CatalogueRow>;
  lowStock: Panel<StockAlertRow>;
  criticalStock: Panel<StockAlertRow>;
  delayedOrders: Panel<DelayedOrderRow>;
  ordersAtRisk: Panel<AtRiskRow>;
}

export type PanelName = keyof Panels;
export const PANEL_NAMES: readonly PanelName[] = ['catalogue', 'lowStock', 'criticalStock', 'delayedOrders', 'ordersAtRisk'];

/** What one read of the views returned, plus the names joined in from other views. */
export interface ViewReads {
  catalogue: Panel<CatalogueEntry>;
  lowStock: Panel<Alert>;
  criticalStock: Panel<Alert>;
  delayedOrders: Panel<Alert>;
  ordersAtRisk: Panel<Alert>;
  productNames: ReadonlyMap<string, string | null>;
  customerNames: ReadonlyMap<string, string>;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const roundedRating = (average: number | null): string | null => (average === null ? null : average.toFixed(2));

const catalogueRow = (e: CatalogueEntry): CatalogueRow => ({
  id: e.productId,
  name: e.name,
  price: e.price,
  stock: e.stock,
  level: e.stockLevel,
  rating: roundedRating(e.averageRating),
  reviews: e.reviewCount,
});

const stockAlertRow = (a: Alert): StockAlertRow => ({
  id: a.id,
  productId: a.subjectId,
  productName: text(a.details.productName),
  stock: num(a.details.stock),
  since: a.openedAt,
});

function shortfall(details: Record<string, unknown>, names: ReadonlyMap<string, string | null>): ShortfallItem[] {
  const items = Array.isArray(details.shortItems) ? (details.shortItems as unknown[]) : [];
  return items.flatMap((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const productId = text(item.productId);
    const wanted = num(item.quantity);
    const stock = num(item.stock);
    if (productId === null || wanted === null || stock === null) return [];
    return [{ productId, productName: names.get(productId) ?? null, wanted, stock, short: wanted - stock }];
  });
}

/** The order ids whose customer names the panels show. */
export const orderIdsOf = (reads: Pick<ViewReads, 'delayedOrders' | 'ordersAtRisk'>): string[] => [
  ...new Set([...reads.delayedOrders.rows, ...reads.ordersAtRisk.rows].map((a) => a.subjectId)),
];

/** The product ids named in at-risk orders. */
export const shortProductIdsOf = (reads: Pick<ViewReads, 'ordersAtRisk'>): string[] => [
  ...new Set(reads.ordersAtRisk.rows.flatMap((a) => shortfall(a.details, new Map()).map((i) => i.productId))),
];

/** The rows each panel shows, from what the views hold: only what the page needs leaves the service. */
export function toPanels(reads: ViewReads): Panels {
  const customer = (a: Alert) => ({ customerId: text(a.details.customerId), customerName: reads.customerNames.get(a.subjectId) ?? null });
  return {
    catalogue: { total: reads.catalogue.total, rows: reads.catalogue.rows.map(catalogueRow) },
    lowStock: { total: reads.lowStock.total, rows: reads.lowStock.rows.map(stockAlertRow) },
    criticalStock: { total: reads.criticalStock.total, rows: reads.criticalStock.rows.map(stockAlertRow) },
    delayedOrders: {
      total: reads.delayedOrders.total,
      rows: reads.delayedOrders.rows.map((a) => ({ id: a.id, orderId: a.subjectId, ...customer(a), placedAt: text(a.details.placedAt), dueAt: text(a.details.dueAt) ?? a.openedAt })),
    },
    ordersAtRisk: {
      total: reads.ordersAtRisk.total,
      rows: reads.ordersAtRisk.rows.map((a) => ({ id: a.id, orderId: a.subjectId, ...customer(a), since: a.openedAt, items: shortfall(a.details, reads.productNames) })),
    },
  };
}

/** The panels of `next` that differ from `previous` (all of them when there is none). */
export function changedPanels(previous: Panels | undefined, next: Panels): Partial<Panels> {
  const changed: Partial<Record<PanelName, unknown>> = {};
  for (const name of PANEL_NAMES) {
    if (!previous || JSON.stringify(previous[name]) !== JSON.stringify(next[name])) changed[name] = next[name];
  }
  return changed as Partial<Panels>;
}
