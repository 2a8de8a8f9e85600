/** The Dapr components loyalty uses (dapr/components/). */
export const STATE_STORE = 'statestore';
export const LOCK_STORE = 'lockstore';
export const PUBSUB = 'pubsub';
export const AUDIT_BINDING = 'audit-store';

/** Keys in the state store, one family per concern (Dapr reserves `||` for its own key prefix). */
export const StateKey = {
  account: (customerId: string) => `account:${customerId}`,
  processed: (orderId: string) => `processed:${orderId}`,
  tier: (customerId: string) => `tier:${customerId}`,
  published: (customerId: string) => `published:${customerId}`,
} as const;
