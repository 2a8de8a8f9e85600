import { Static, Type } from '@sinclair/typebox';
import { AddressSchema } from './customer-changed.event';
import { EventEnvelope } from './event-envelope';

export const ORDER_STATUSES = ['Processing', 'Shipped', 'Delivered', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OrderItemSchema = Type.Object({
  productId: Type.String({ maxLength: 200 }),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: Type.Number({ minimum: 0 }),
});

export const OrderSnapshotSchema = Type.Object({
  orderId: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  customerTier: Type.String(),
  status: Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s))),
  items: Type.Array(OrderItemSchema),
  total: Type.Number({ minimum: 0 }),
  shippingAddress: AddressSchema,
  placedAt: Type.String(),
  updatedAt: Type.String(),
});

export const OrderChangedPayloadSchema = Type.Object({
  change: Type.Union([Type.Literal('Placed'), Type.Literal('StatusChanged')]),
  previousStatus: Type.Optional(Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)))),
  order: OrderSnapshotSchema,
});

export type OrderItem = Static<typeof OrderItemSchema>;
export type OrderSnapshot = Static<typeof OrderSnapshotSchema>;
export type OrderChangedPayload = Static<typeof OrderChangedPayloadSchema>;

export const ORDER_CHANGED = 'OrderChanged' as const;
export const ORDER_CHANGED_VERSION = 1;
export type OrderChanged = EventEnvelope<typeof ORDER_CHANGED, OrderChangedPayload>;
