import { ProductSnapshot } from '@app/contracts';
import { OutboxFields } from '@app/outbox';
import { StockTake } from '../domain/stock-take';

export const PRODUCTS_COLLECTION = 'products';

/**
 * A product, its pending events, the last review sequence number handed out, and the stock taken by
 * shipped orders not yet marked done in `shipped_orders` (keyed by `stockTakeKey(orderId)`), written
 * with the stock change so a shipment seen again never takes twice. Documents written before these
 * takes may still carry `shipmentOffsets` (per-partition offsets): nothing reads it any more.
 */
export type ProductDocument = Omit<ProductSnapshot, 'productId'> &
  OutboxFields & { _id: string; version: number; reviewSeq?: number; stockTakes?: Record<string, StockTake> };

/** A field name for an order id: kept as it is when it is safe in a field path, base64url behind `~` otherwise. */
export function stockTakeKey(orderId: string): string {
  return /^[A-Za-z0-9_-]{1,128}$/.test(orderId) ? orderId : `~${Buffer.from(orderId, 'utf8').toString('base64url')}`;
}
