import { StockAlert } from '@app/contracts';
import { Alert, closeAlert, openAlert } from './alert';

/**
 * Low and critical stock alerts follow the stock alert business events: the level an event announces
 * is the one open, the other is closed. Events older than the last applied (by product version) are ignored.
 */
export function applyStockAlert(low: Alert, critical: Alert, event: StockAlert): [Alert, Alert] {
  if (event.aggregateVersion <= Math.max(low.sourceVersion, critical.sourceVersion)) return [low, critical];
  const { level, stock, productName } = event.payload;
  const details = { productName, stock, level, productVersion: event.aggregateVersion };
  const at = event.occurredAt;
  const sourceVersion = event.aggregateVersion;
  const apply = (alert: Alert, on: boolean): Alert => {
    if (on) return openAlert(alert, at, details);
    // A closing alert shows the stock it closed at, whether or not the product event came first.
    return alert.active ? { ...closeAlert(alert, at), details: { ...alert.details, stock, productVersion: event.aggregateVersion } } : alert;
  };
  return [
    { ...apply(low, level === 'Low'), sourceVersion },
    { ...apply(critical, level === 'Critical'), sourceVersion },
  ];
}

/** An open stock alert shows the product's current stock, not just the stock at the crossing. */
export function refreshStock(alert: Alert, productVersion: number, stock: number): Alert {
  const seen = typeof alert.details.productVersion === 'number' ? alert.details.productVersion : 0;
  if (!alert.active || productVersion <= seen) return alert;
  return { ...alert, details: { ...alert.details, stock, productVersion } };
}
