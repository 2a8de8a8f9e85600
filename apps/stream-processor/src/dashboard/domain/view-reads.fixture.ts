import { Panel, ViewReads } from './dashboard-panels';

/** Test fixture: a panel of `rows`, and view reads with every panel empty but what `over` gives. */
export const page = <T>(rows: T[], total = rows.length): Panel<T> => ({ total, rows });

export const viewReads = (over: Partial<ViewReads> = {}): ViewReads => ({
  catalogue: page([]),
  lowStock: page([]),
  criticalStock: page([]),
  delayedOrders: page([]),
  ordersAtRisk: page([]),
  productNames: new Map(),
  customerNames: new Map(),
  ...over,
});
