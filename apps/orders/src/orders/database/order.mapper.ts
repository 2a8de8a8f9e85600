import { Order } from '../domain/order.types';
import { OrderResponseDto } from '../dtos/order.response.dto';
import { OrderDocument } from './order.document';

export const OrderMapper = {
  toDomain(doc: OrderDocument): Order {
    const { _id, version, outbox: _o, outboxLease: _l, ...rest } = doc;
    return { version, snapshot: { orderId: _id, ...rest } };
  },
  toPersistence(order: Order): Omit<OrderDocument, 'outbox' | 'outboxLease'> {
    const { orderId, ...rest } = order.snapshot;
    return { _id: orderId, version: order.version, ...rest };
  },
  toResponse(order: Order): OrderResponseDto {
    const s = order.snapshot;
    return {
      orderId: s.orderId,
      version: order.version,
      customerId: s.customerId,
      customerName: s.customerName,
      status: s.status,
      items: s.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })),
      total: s.total,
      shippingAddress: s.shippingAddress,
      placedAt: s.placedAt,
      updatedAt: s.updatedAt,
    };
  },
};
