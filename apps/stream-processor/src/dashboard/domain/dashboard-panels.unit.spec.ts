import { Alert, newAlert, openAlert } from '../../alerts/domain/alert';
import { CatalogueEntry, emptyEntry } from '../../catalogue/domain/catalogue-entry';
import { changedPanels, orderIdsOf, roundedRating, shortProductIdsOf, toPanels } from './dashboard-panels';
import { page, viewReads } from './view-reads.fixture';

const at = '2026-05-01T10:00:00.000Z';
const entry = (over: Partial<CatalogueEntry>): CatalogueEntry => ({ ...emptyEntry('p-1'), productVersion: 1, ...over });
const alert = (type: Alert['type'], subjectId: string, details: Record<string, unknown>): Alert => openAlert(newAlert(type, subjectId), at, details);

const reads = viewReads;

describe('dashboard panels', () => {
  it('rounds the exact average rating for display only, and keeps the total beyond the rows shown', () => {
    const panels = toPanels(reads({ catalogue: page([entry({ name: 'Loom', price: 42, stock: 3, stockLevel: 'Critical', reviewCount: 3, averageRating: 13 / 3 })], 250) }));
    expect(panels.catalogue).toEqual({ total: 250, rows: [{ id: 'p-1', name: 'Loom', price: 42, stock: 3, level: 'Critical', rating: '4.33', reviews: 3 }] });
    expect(roundedRating(null)).toBeNull();
    expect(roundedRating(5 / 3)).toBe('1.67');
  });

  it('shows a stock alert with its product name and current stock', () => {
    const panels = toPanels(reads({ criticalStock: page([alert('critical-stock', 'p-1', { productName: 'Loom', stock: 3, level: 'Critical', productVersion: 2 })]) }));
    expect(panels.criticalStock.rows).toEqual([{ id: 'critical-stock:p-1', productId: 'p-1', productName: 'Loom', stock: 3, since: at }]);
  });

  it('joins customer names to delayed orders, and product names and the shortfall to orders at risk', () => {
    const delayed = alert('delayed-gold-order', 'o-1', { customerId: 'c-1', placedAt: '2026-05-01T09:30:00.000Z', dueAt: at });
    const risk = alert('order-at-risk', 'o-2', { customerId: 'c-2', shortItems: [{ productId: 'p-1', quantity: 25, stock: 20 }, { productId: 'p-9', quantity: 2, stock: 0 }] });
    const input = reads({ delayedOrders: page([delayed]), ordersAtRisk: page([risk]), productNames: new Map([['p-1', 'Loom']]), customerNames: new Map([['o-1', 'Ada Lovelace']]) });
    expect(orderIdsOf(input)).toEqual(['o-1', 'o-2']);
    expect(shortProductIdsOf(input)).toEqual(['p-1', 'p-9']);
    const panels = toPanels(input);
    expect(panels.delayedOrders.rows).toEqual([{ id: 'delayed-gold-order:o-1', orderId: 'o-1', customerId: 'c-1', customerName: 'Ada Lovelace', placedAt: '2026-05-01T09:30:00.000Z', dueAt: at }]);
    expect(panels.ordersAtRisk.rows).toEqual([
      {
        id: 'order-at-risk:o-2',
        orderId: 'o-2',
        customerId: 'c-2',
        customerName: null,
        since: at,
        items: [
          { productId: 'p-1', productName: 'Loom', wanted: 25, stock: 20, short: 5 },
          { productId: 'p-9', productName: null, wanted: 2, stock: 0, short: 2 },
        ],
      },
    ]);
  });

  it('skips malformed short items rather than failing the whole read', () => {
    const risk = alert('order-at-risk', 'o-3', { shortItems: [{ productId: 'p-1' }, null, 'x', { productId: 'p-2', quantity: 3, stock: 1 }] });
    expect(toPanels(reads({ ordersAtRisk: page([risk]) })).ordersAtRisk.rows[0].items).toEqual([{ productId: 'p-2', productName: null, wanted: 3, stock: 1, short: 2 }]);
  });

  it('sends only the panels that changed', () => {
    const before = toPanels(reads({ catalogue: page([entry({ stock: 30 })]) }));
    expect(Object.keys(changedPanels(undefined, before))).toEqual(['catalogue', 'lowStock', 'criticalStock', 'delayedOrders', 'ordersAtRisk']);
    expect(changedPanels(before, toPanels(reads({ catalogue: page([entry({ stock: 30 })]) })))).toEqual({});
    const after = toPanels(reads({ catalogue: page([entry({ stock: 3 })]), lowStock: page([], 1) }));
    expect(Object.keys(changedPanels(before, after))).toEqual(['catalogue', 'lowStock']);
  });
});
