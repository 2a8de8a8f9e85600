import { Address, CustomerTier, OrderSnapshot, OrderStatus } from '@app/contracts';

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

/** What orders knows about a product, copied from ProductChanged events. */
export interface ProductView {
  id: string;
  version: number;
  name: string;
  price: number;
}

/** An order line as requested; the unit price comes from the product replica. */
export interface RequestedItem {
  productId: string;
  quantity: number;
  /** Optional: if the caller states a price, it must still be the catalog's. */
  unitPrice?: number;
}

export interface PlaceOrderCommand {
  orderId: string;
  customerId: string;
  items: RequestedItem[];
  /** When the order was really placed (importing from an earlier system); absent: now. */
  placedAt?: string;
}

export interface ChangeOrderStatusCommand {
  orderId: string;
  status: OrderStatus;
  expectedVersion?: number;
}
