import { CustomerTier, LoyaltyPointsChanged } from '@app/contracts';

/** A customer's points; the ids of the orders already counted travel in the same record (one atomic write). */
export interface LoyaltyAccount {
  customerId: string;
  points: number;
  /** How many awards made this balance: the version of LoyaltyPointsChanged. */
  awards: number;
  processedOrderIds: string[];
  /** Events of the last write, published again before the next one (a publish lost in a crash is not lost). */
  pending: LoyaltyPointsChanged[];
}

/** What a run needs to know of an audited order. */
export interface AuditedOrder {
  orderId: string;
  customerId: string;
  total: number;
  status: string;
  /** The tier the order was placed with: used when the tier replica does not know the customer yet. */
  tierAsPlaced: string;
}

export interface TierEntry {
  tier: CustomerTier;
  version: number;
}
