import { CUSTOMER_TIERS, CustomerTier, LOYALTY_POINTS_CHANGED, LOYALTY_POINTS_CHANGED_VERSION, envelope } from '@app/contracts';
import { AuditedOrder, LoyaltyAccount } from './loyalty.types';

export const TIER_MULTIPLIER: Record<CustomerTier, number> = { Gold: 2, Silver: 1.5, Bronze: 1 };

/** Points are kept to two decimals, added in hundredths so sums never drift. */
export const pointsFor = (total: number, tier: CustomerTier): number => Math.round(total * 100 * TIER_MULTIPLIER[tier]) / 100;
const addPoints = (a: number, b: number): number => (Math.round(a * 100) + Math.round(b * 100)) / 100;

/** The replica's tier if known, else the tier the order carries, else Bronze. */
export function tierOf(known: CustomerTier | undefined, order: AuditedOrder): CustomerTier {
  if (known) return known;
  return (CUSTOMER_TIERS as readonly string[]).includes(order.tierAsPlaced) ? (order.tierAsPlaced as CustomerTier) : 'Bronze';
}

export const emptyAccount = (customerId: string): LoyaltyAccount => ({ customerId, points: 0, awards: 0, processedOrderIds: [], pending: [] });

export type AwardDecision =
  | { kind: 'already-counted' }
  | { kind: 'no-points'; reason: string }
  | { kind: 'award'; account: LoyaltyAccount };

/**
 * Counts an order once: an order already in the account changes nothing; a cancelled one earns nothing.
 * The event id is derived from the customer and the award number, so deciding again gives the same event.
 */
export function decideAward(
  account: LoyaltyAccount,
  order: AuditedOrder,
  tier: CustomerTier,
  meta: { occurredAt: Date; correlationId: string; eventIdFor: (name: string) => string },
): AwardDecision {
  if (account.processedOrderIds.includes(order.orderId)) return { kind: 'already-counted' };
  if (order.status === 'Cancelled') return { kind: 'no-points', reason: 'cancelled' };
  const pointsAdded = pointsFor(order.total, tier);
  const awards = account.awards + 1;
  const points = addPoints(account.points, pointsAdded);
  const event = envelope(
    LOYALTY_POINTS_CHANGED,
    LOYALTY_POINTS_CHANGED_VERSION,
    account.customerId,
    awards,
    { customerId: account.customerId, orderId: order.orderId, orderTotal: order.total, tier, multiplier: TIER_MULTIPLIER[tier], pointsAdded, balance: points },
    { eventId: meta.eventIdFor(`loyalty:${account.customerId}:${awards}`), occurredAt: meta.occurredAt, correlationId: meta.correlationId },
  );
  return {
    kind: 'award',
    account: { customerId: account.customerId, points, awards, processedOrderIds: [...account.processedOrderIds, order.orderId], pending: [event] },
  };
}

/** Spreads orders over workers by a stable hash of the order id. */
export function belongsToWorker(orderId: string, workers: number, index: number): boolean {
  let hash = 0;
  for (let i = 0; i < orderId.length; i++) hash = (hash * 31 + orderId.charCodeAt(i)) >>> 0;
  return hash % workers === index;
}
