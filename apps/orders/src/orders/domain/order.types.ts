import { Address, CustomerTier, OrderItem, OrderSnapshot, OrderStatus } from '@app/contracts';

export interface Order {
  snapshot: OrderSnapshot;
  version: number;
}

/** What orders knows about a customer, copied from CustomerChanged events. */
export interface CustomerView {
  customerId: string;
  version: number;
  displayName: string;
  tier: CustomerTier;
  shippingAddress: Address | null;
}

export interface PlaceOrderCommand {
  orderId: string;
  customerId: string;
  items: OrderItem[];
}

export interface ChangeOrderStatusCommand {
  orderId: string;
  status: OrderStatus;
  expectedVersion?: number;
}
