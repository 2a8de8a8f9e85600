import { AGGREGATE_ID_PATTERN } from '@app/platform';

/** An order id is safe as a path segment of the log (ids are UUIDs; anything else is refused). */
export const isAuditableOrderId = (orderId: string): boolean => AGGREGATE_ID_PATTERN.test(orderId);
