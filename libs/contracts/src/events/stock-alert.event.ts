import { Static, Type } from '@sinclair/typebox';
import { EventEnvelope } from './event-envelope';

export const STOCK_LEVELS = ['Ok', 'Low', 'Critical'] as const;
export type StockLevel = (typeof STOCK_LEVELS)[number];

/** A business event the stream processor derives from stock changes: only when a threshold is crossed. */
export const StockAlertPayloadSchema = Type.Object({
  productId: Type.String(),
  productName: Type.Union([Type.String(), Type.Null()]),
  stock: Type.Integer({ minimum: 0 }),
  previousLevel: Type.Union(STOCK_LEVELS.map((l) => Type.Literal(l))),
  level: Type.Union(STOCK_LEVELS.map((l) => Type.Literal(l))),
  lowThreshold: Type.Integer(),
  criticalThreshold: Type.Integer(),
});

export type StockAlertPayload = Static<typeof StockAlertPayloadSchema>;

export const LOW_STOCK = 'LowStock' as const;
export const CRITICAL_STOCK = 'CriticalStock' as const;
export const STOCK_RECOVERED = 'StockRecovered' as const;
export const STOCK_ALERT_VERSION = 1;
export type StockAlertType = typeof LOW_STOCK | typeof CRITICAL_STOCK | typeof STOCK_RECOVERED;
export type StockAlert = EventEnvelope<StockAlertType, StockAlertPayload>;
