import { Static, Type } from '@sinclair/typebox';
import { EventEnvelope } from './event-envelope';

export const ProductSnapshotSchema = Type.Object({
  productId: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 2000 }),
  price: Type.Number({ minimum: 0 }),
  stock: Type.Integer({ minimum: 0 }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const PRODUCT_CHANGES = ['Created', 'Replaced', 'StockAdjusted'] as const;

export const ProductChangedPayloadSchema = Type.Object({
  change: Type.Union(PRODUCT_CHANGES.map((c) => Type.Literal(c))),
  /** For StockAdjusted: the signed change and why (a PATCH, or the order whose shipment took it). */
  stockDelta: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
  product: ProductSnapshotSchema,
});

export type ProductSnapshot = Static<typeof ProductSnapshotSchema>;
export type ProductChangedPayload = Static<typeof ProductChangedPayloadSchema>;

export const PRODUCT_CHANGED = 'ProductChanged' as const;
export const PRODUCT_CHANGED_VERSION = 1;
export type ProductChanged = EventEnvelope<typeof PRODUCT_CHANGED, ProductChangedPayload>;
