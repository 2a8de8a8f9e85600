import { Static, Type } from '@sinclair/typebox';
import { CUSTOMER_TIERS } from './customer-changed.event';
import { EventEnvelope } from './event-envelope';

/** Points awarded for one order; `aggregateVersion` counts the customer's awards (1, 2, …). */
export const LoyaltyPointsChangedPayloadSchema = Type.Object({
  customerId: Type.String(),
  orderId: Type.String(),
  orderTotal: Type.Number({ minimum: 0 }),
  tier: Type.Union(CUSTOMER_TIERS.map((t) => Type.Literal(t))),
  multiplier: Type.Number({ minimum: 0 }),
  pointsAdded: Type.Number({ minimum: 0 }),
  balance: Type.Number({ minimum: 0 }),
});

export type LoyaltyPointsChangedPayload = Static<typeof LoyaltyPointsChangedPayloadSchema>;

export const LOYALTY_POINTS_CHANGED = 'LoyaltyPointsChanged' as const;
export const LOYALTY_POINTS_CHANGED_VERSION = 1;
export type LoyaltyPointsChanged = EventEnvelope<typeof LOYALTY_POINTS_CHANGED, LoyaltyPointsChangedPayload>;
