import { OrderChanged } from '../events/order-changed.event';

/**
 * The audit log's layout, shared by its writer (audit) and its readers (loyalty): one JSON object per
 * order version under `orders/<orderId>/v<version>.json`, holding the OrderChanged event as published.
 */
export const AUDIT_ORDERS_FOLDER = 'orders';

export const auditOrderFolder = (orderId: string): string => `${AUDIT_ORDERS_FOLDER}/${orderId}`;

/** Where an order version lives; the same version always lands on the same key (redelivery overwrites). */
export const auditKey = (orderId: string, version: number): string => `${auditOrderFolder(orderId)}/v${version}.json`;

export interface AuditKey {
  orderId: string;
  version: number;
}

/** Reads `…/orders/<orderId>/v<version>.json` back (a storage may prefix it with its root). */
export function parseAuditKey(path: string): AuditKey | undefined {
  const match = /(?:^|\/)orders\/([^/]+)\/v(\d+)\.json$/.exec(path);
  return match ? { orderId: match[1], version: Number(match[2]) } : undefined;
}

/** The record kept for one order version: the event exactly as published. */
export type AuditRecord = OrderChanged;
