import { err, ok, Result } from '@app/core';
import { ProductErrors } from './product.errors';
import { Product, ProductChange, SaveProductCommand } from './product.types';

export function decideSaveProduct(cmd: SaveProductCommand, current: Product | null, now: Date): Result<ProductChange> {
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current?.version) {
    return err(ProductErrors.versionConflict(cmd.productId, cmd.expectedVersion, current?.version ?? null));
  }
  const { productId, name, description, price, stock } = cmd;
  if (current) {
    const s = current.snapshot;
    if (s.name === name && s.description === description && s.price === price && s.stock === stock) return ok({ kind: 'unchanged', product: current });
  }
  const at = now.toISOString();
  return ok({
    kind: 'changed',
    change: current ? 'Replaced' : 'Created',
    product: {
      version: (current?.version ?? 0) + 1,
      snapshot: { productId, name, description, price, stock, createdAt: current?.snapshot.createdAt ?? at, updatedAt: at },
    },
  });
}

/** A manual stock correction: never below zero. */
export function decideAdjustStock(product: Product, delta: number, now: Date): Result<ProductChange> {
  const stock = product.snapshot.stock + delta;
  if (stock < 0) return err(ProductErrors.insufficientStock(product.snapshot.productId, product.snapshot.stock, delta));
  return ok(stockChange(product, stock, delta, 'manual adjustment', now));
}

/** Shipping takes what is there: stock stops at zero (the shortfall is reported, not stored as negative stock). */
export function decideShipment(product: Product, quantity: number, orderId: string, now: Date): { change: ProductChange; shortfall: number } {
  const taken = Math.min(quantity, product.snapshot.stock);
  if (taken === 0) return { change: { kind: 'unchanged', product }, shortfall: quantity };
  return { change: stockChange(product, product.snapshot.stock - taken, -taken, shipmentReason(orderId), now), shortfall: quantity - taken };
}

/** The `reason` of a StockAdjusted event a shipment caused; `shippedOrderOf` reads the order back (restore). */
export const shipmentReason = (orderId: string): string => `order ${orderId} shipped`;

export function shippedOrderOf(reason: string | undefined): string | undefined {
  return /^order (.+) shipped$/.exec(reason ?? '')?.[1];
}

function stockChange(product: Product, stock: number, delta: number, reason: string, now: Date): ProductChange {
  return {
    kind: 'changed',
    change: 'StockAdjusted',
    stockDelta: delta,
    reason,
    product: { version: product.version + 1, snapshot: { ...product.snapshot, stock, updatedAt: now.toISOString() } },
  };
}
