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

/**
 * The ETag that means "only if the key does not exist yet" (insert-if-absent), with first-write
 * concurrency. state.redis keeps a version per key from 1 up, so version 0 matches an absent key only; a
 * key that exists refuses the write with 409 (an ETag mismatch, answered at once). A first-write save
 * with no ETag would be refused too on a key that exists, but as an ordinary error: daprd retries it
 * under the resiliency policy and it counts towards opening the store's circuit breaker.
 */
export const ABSENT_ETAG = '0';
