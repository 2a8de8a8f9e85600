import { TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler, TypeCheck } from '@sinclair/typebox/compiler';
import {
  CUSTOMER_CHANGED,
  CUSTOMER_CHANGED_VERSION,
  CustomerChanged,
  CustomerChangedPayloadSchema,
} from '../events/customer-changed.event';
import { customerChangedV1ToV2 } from '../events/upcasters/customer-changed.v1-to-v2.upcaster';
import type { Upcaster } from '../events/upcasters/upcaster';
import {
  ORDER_CHANGED,
  ORDER_CHANGED_VERSION,
  OrderChanged,
  OrderChangedPayloadSchema,
} from '../events/order-changed.event';
import { PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, ProductChanged, ProductChangedPayloadSchema } from '../events/product-changed.event';
import { CRITICAL_STOCK, LOW_STOCK, STOCK_ALERT_VERSION, STOCK_RECOVERED, StockAlert, StockAlertPayloadSchema } from '../events/stock-alert.event';
import {
  LOYALTY_POINTS_CHANGED,
  LOYALTY_POINTS_CHANGED_VERSION,
  LoyaltyPointsChanged,
  LoyaltyPointsChangedPayloadSchema,
} from '../events/loyalty-points-changed.event';
import { REVIEW_ADDED, REVIEW_ADDED_VERSION, ReviewAdded, ReviewAddedPayloadSchema } from '../events/review-added.event';

/** Every event type the system publishes, as consumers see it (always the current schema version). */
export type KnownEvent = CustomerChanged | OrderChanged | ProductChanged | ReviewAdded | StockAlert | LoyaltyPointsChanged;
export type KnownEventType = KnownEvent['type'];

interface EventDefinition {
  currentVersion: number;
  check: TypeCheck<TSchema>;
  /** Keyed by the version they upcast from. */
  upcasters: Record<number, Upcaster>;
}

const define = (currentVersion: number, schema: TSchema, upcasters: Record<number, Upcaster> = {}): EventDefinition => ({
  currentVersion,
  check: TypeCompiler.Compile(schema),
  upcasters,
});

export const EVENT_REGISTRY: Record<KnownEventType, EventDefinition> = {
  [CUSTOMER_CHANGED]: define(CUSTOMER_CHANGED_VERSION, CustomerChangedPayloadSchema, { 1: customerChangedV1ToV2 }),
  [ORDER_CHANGED]: define(ORDER_CHANGED_VERSION, OrderChangedPayloadSchema),
  [PRODUCT_CHANGED]: define(PRODUCT_CHANGED_VERSION, ProductChangedPayloadSchema),
  [REVIEW_ADDED]: define(REVIEW_ADDED_VERSION, ReviewAddedPayloadSchema),
  [LOW_STOCK]: define(STOCK_ALERT_VERSION, StockAlertPayloadSchema),
  [CRITICAL_STOCK]: define(STOCK_ALERT_VERSION, StockAlertPayloadSchema),
  [STOCK_RECOVERED]: define(STOCK_ALERT_VERSION, StockAlertPayloadSchema),
  [LOYALTY_POINTS_CHANGED]: define(LOYALTY_POINTS_CHANGED_VERSION, LoyaltyPointsChangedPayloadSchema),
};

export const EnvelopeSchema = Type.Object({
  eventId: Type.String({ minLength: 1 }),
  type: Type.String({ minLength: 1 }),
  schemaVersion: Type.Integer({ minimum: 1 }),
  aggregateId: Type.String({ minLength: 1 }),
  aggregateVersion: Type.Integer({ minimum: 1 }),
  occurredAt: Type.String({ minLength: 1 }),
  correlationId: Type.String(),
  causationId: Type.Optional(Type.String()),
  payload: Type.Unknown(),
});

export const envelopeCheck = TypeCompiler.Compile(EnvelopeSchema);

export function isKnownEventType(type: string): type is KnownEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_REGISTRY, type);
}
