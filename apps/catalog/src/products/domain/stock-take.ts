import { decideShipment } from './product.decider';
import { Product, ProductChange } from './product.types';

/** What one shipped order took from one product: recorded with the stock change, in the same write. */
export interface StockTake {
  orderId: string;
  /** What the order asked for (its lines of this product added up). */
  quantity: number;
  /** What was there to take (less than `quantity` when stock ran out). */
  taken: number;
  at: string;
}

export type StockTakeDecision =
  | { kind: 'already-taken'; take: StockTake }
  | { kind: 'take'; take: StockTake; change: ProductChange; shortfall: number };

/**
 * Exactly once per (order, product): a take already recorded on the product decides nothing new,
 * whatever record (redelivery, resend, a recreated topic) brought the order here again.
 */
export function decideStockTake(product: Product, recorded: StockTake | undefined, orderId: string, quantity: number, now: Date): StockTakeDecision {
  if (recorded) return { kind: 'already-taken', take: recorded };
  const { change, shortfall } = decideShipment(product, quantity, orderId, now);
  return { kind: 'take', change, shortfall, take: { orderId, quantity, taken: quantity - shortfall, at: now.toISOString() } };
}

/** The products of a shipped order and how many of each it takes (its lines added up). */
export function quantitiesByProduct(items: readonly { productId: string; quantity: number }[]): Map<string, number> {
  const quantities = new Map<string, number>();
  items.forEach((i) => quantities.set(i.productId, (quantities.get(i.productId) ?? 0) + i.quantity));
  return quantities;
}
