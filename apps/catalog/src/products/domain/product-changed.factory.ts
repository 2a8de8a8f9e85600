import { envelope, EnvelopeMeta, PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, ProductChanged } from '@app/contracts';
import { ProductChange } from './product.types';

export function productChanged(change: Extract<ProductChange, { kind: 'changed' }>, meta: EnvelopeMeta): ProductChanged {
  const { product } = change;
  return envelope(
    PRODUCT_CHANGED,
    PRODUCT_CHANGED_VERSION,
    product.snapshot.productId,
    product.version,
    {
      change: change.change,
      ...(change.stockDelta !== undefined ? { stockDelta: change.stockDelta } : {}),
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      product: product.snapshot,
    },
    meta,
  );
}
