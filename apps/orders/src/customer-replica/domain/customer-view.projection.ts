import { CustomerChanged, PersonName } from '@app/contracts';
import { CustomerView } from '../../orders/domain/order.types';

export const displayName = (n: PersonName): string =>
  [n.title, n.firstName, n.middleName, n.lastName, n.suffix].filter((p) => p && p.trim()).join(' ');

/** The part of a CustomerChanged event the orders service keeps. */
export function toCustomerView(event: CustomerChanged): CustomerView {
  const c = event.payload.customer;
  return {
    customerId: event.aggregateId,
    version: event.aggregateVersion,
    displayName: displayName(c.name),
    tier: c.tier,
    shippingAddress: c.addresses.find((a) => a.type === 'SHIPPING') ?? null,
  };
}
