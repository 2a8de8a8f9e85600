import { DomainError } from '@app/core';
import { OrderStatus } from '@app/contracts';

export const OrderErrors = {
  notFound: (id: string) => new DomainError('NotFound', 'ORDER.NOT_FOUND', `order ${id} does not exist`),
  customerUnknown: (customerId: string) =>
    new DomainError('Unprocessable', 'ORDER.CUSTOMER_UNKNOWN', `customer ${customerId} is not known to the orders service`, [
      { field: 'customerId', message: 'no such customer (yet): the replica has no CustomerChanged for it' },
    ]),
  noShippingAddress: (customerId: string) =>
    new DomainError('Unprocessable', 'ORDER.NO_SHIPPING_ADDRESS', `customer ${customerId} has no SHIPPING address`, [
      { field: 'customerId', message: 'customer has no SHIPPING address' },
    ]),
  productsUnknown: (indexes: number[], ids: string[]) =>
    new DomainError(
      'Unprocessable',
      'ORDER.PRODUCT_UNKNOWN',
      `unknown product(s): ${ids.join(', ')}`,
      indexes.map((i) => ({ field: `items[${i}].productId`, message: 'no such product (yet): the replica has no ProductChanged for it' })),
    ),
  priceChanged: (problems: { index: number; price: number }[]) =>
    new DomainError(
      'Unprocessable',
      'ORDER.PRICE_CHANGED',
      'the catalog price differs from the unit price given',
      problems.map((p) => ({ field: `items[${p.index}].unitPrice`, message: `the current price is ${p.price}` })),
    ),
  placedAtInvalid: (value: string) =>
    new DomainError('Invalid', 'ORDER.PLACED_AT_INVALID', `placedAt ${value} is not a date-time`, [
      { field: 'placedAt', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z' },
    ]),
  placedAtInFuture: (placedAt: string, now: string) =>
    new DomainError('Invalid', 'ORDER.PLACED_AT_IN_FUTURE', `placedAt ${placedAt} is later than now (${now})`, [
      { field: 'placedAt', message: 'must not be in the future' },
    ]),
  placedAtTooOld: (placedAt: string, maxAgeDays: number) =>
    new DomainError('Invalid', 'ORDER.PLACED_AT_TOO_OLD', `placedAt ${placedAt} is more than ${maxAgeDays} days ago`, [
      { field: 'placedAt', message: `must not be more than ${maxAgeDays} days in the past` },
    ]),
  invalidTransition: (from: OrderStatus, to: OrderStatus) =>
    new DomainError('Conflict', 'ORDER.INVALID_TRANSITION', `an order cannot go from ${from} to ${to}`, [
      { field: 'status', message: `not allowed from ${from}` },
    ]),
  versionConflict: (id: string, expected: number, actual: number) =>
    new DomainError('Conflict', 'ORDER.VERSION_CONFLICT', `order ${id} is at version ${actual}, not ${expected}`),
  concurrentWrite: (id: string) =>
    new DomainError('Conflict', 'ORDER.CONCURRENT_MODIFICATION', `order ${id} was changed by another request; retry`),
};
