import { CRITICAL_STOCK, envelope, LOW_STOCK, STOCK_ALERT_VERSION, StockAlert, StockAlertType, STOCK_RECOVERED, StockLevel } from '@app/contracts';
import { nameBasedId } from '@app/core';
import { StockCrossing } from './catalogue-entry';
import { StockThresholds } from './stock-level';

const TYPE_BY_LEVEL: Record<StockLevel, StockAlertType> = { Ok: STOCK_RECOVERED, Low: LOW_STOCK, Critical: CRITICAL_STOCK };

/**
 * The business event for a crossing. Its id and time derive from the product event that caused it, so
 * a redelivery or a replay produces the very same event (consumers drop it by id or version).
 */
export function stockAlertFor(crossing: StockCrossing, thresholds: StockThresholds): StockAlert {
  const { event, previousLevel, level } = crossing;
  return envelope(
    TYPE_BY_LEVEL[level],
    STOCK_ALERT_VERSION,
    event.aggregateId,
    event.aggregateVersion,
    {
      productId: event.aggregateId,
      productName: event.payload.product.name,
      stock: event.payload.product.stock,
      previousLevel,
      level,
      lowThreshold: thresholds.low,
      criticalThreshold: thresholds.critical,
    },
    {
      eventId: nameBasedId(`stock-alert:${event.aggregateId}:${event.aggregateVersion}`),
      occurredAt: new Date(event.occurredAt),
      correlationId: event.correlationId,
      causationId: event.eventId,
    },
  );
}
