import { ProductSnapshot } from '@app/contracts';
import { OutboxFields } from '@app/outbox';

export const PRODUCTS_COLLECTION = 'products';

/**
 * A product, its pending events, the last review sequence number handed out, and per order-events
 * partition the offset of the last shipment applied (so a redelivered record never takes stock twice).
 */
export type ProductDocument = Omit<ProductSnapshot, 'productId'> &
  OutboxFields & { _id: string; version: number; reviewSeq?: number; shipmentOffsets?: Record<string, number> };
