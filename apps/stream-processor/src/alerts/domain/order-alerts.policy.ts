import { OrderChanged } from '@app/contracts';
import { Alert, closeAlert, openAlert, recordPastPeriod, setAlert } from './alert';
import { TrackedOrder } from './tracked-order';

export interface ShortItem {
  productId: string;
  quantity: number;
  stock: number;
}

/** Products of a Processing order whose total quantity exceeds current stock (unknown stock is not judged). */
export function shortItems(order: TrackedOrder, stock: ReadonlyMap<string, number>): ShortItem[] {
  if (order.status !== 'Processing') return [];
  const wanted = new Map<string, number>();
  for (const { productId, quantity } of order.items) wanted.set(productId, (wanted.get(productId) ?? 0) + quantity);
  return [...wanted].flatMap(([productId, quantity]) => {
    const available = stock.get(productId);
    return available !== undefined && quantity > available ? [{ productId, quantity, stock: available }] : [];
  });
}

export function reconcileAtRisk(alert: Alert, order: TrackedOrder, stock: ReadonlyMap<string, number>, at: string): Alert {
  const short = shortItems(order, stock);
  return setAlert(alert, short.length > 0, at, { customerId: order.customerId, shortItems: short });
}

const delayedDetails = (order: TrackedOrder): Record<string, unknown> => ({ customerId: order.customerId, placedAt: order.placedAt, dueAt: order.dueAt });

/**
 * What an order event means for its delayed alert. Opening is the timer's job (`openIfDue`); an event
 * that takes a Gold order out of Processing closes the alert, and if the order left Processing only
 * after it was due but the timer had not fired (a replay, or downtime), the period is recorded after
 * the fact — so live processing and a replay end with the same history.
 */
export function reconcileDelayedOnEvent(alert: Alert, order: TrackedOrder, event: OrderChanged): Alert {
  if (order.dueAt === null || order.status === 'Processing') return alert;
  const at = event.occurredAt;
  if (alert.active) return closeAlert(alert, at);
  const leftProcessing = event.payload.previousStatus === 'Processing';
  return leftProcessing && Date.parse(order.dueAt) <= Date.parse(at) ? recordPastPeriod(alert, order.dueAt, at, delayedDetails(order)) : alert;
}

/** The timer: a Gold order still Processing at its due time opens the alert, stamped with the due time. */
export function openIfDue(alert: Alert, order: TrackedOrder, now: Date): Alert {
  if (order.dueAt === null || order.status !== 'Processing' || Date.parse(order.dueAt) > now.getTime()) return alert;
  if (alert.history.some((p) => p.openedAt === order.dueAt)) return alert;
  return openAlert(alert, order.dueAt, delayedDetails(order));
}
