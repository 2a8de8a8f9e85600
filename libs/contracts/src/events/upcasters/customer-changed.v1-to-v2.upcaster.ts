import type { Upcaster } from './upcaster';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const sameAddress = (a: unknown, b: Record<string, unknown>): boolean =>
  isRecord(a) && Object.keys(a).length === Object.keys(b).length && Object.keys(b).every((k) => a[k] === b[k]);

/**
 * CustomerChanged v1 → v2: the original single `customer.address` becomes an entry of `customer.addresses[]`;
 * a v1 that already carries `addresses[]` passes through unchanged. A payload of any other shape is
 * returned as it is, for the v2 schema check to reject.
 */
export const customerChangedV1ToV2: Upcaster = (payload) => {
  if (!isRecord(payload) || !isRecord(payload.customer)) return payload;
  const { address, ...customer } = payload.customer;
  if (address === undefined) return payload;
  const addresses = customer.addresses ?? [];
  if (!isRecord(address) || !Array.isArray(addresses)) return payload;
  // The one v1 address was where orders went: SHIPPING (what orders copies), not also BILLING, so no
  // entry is invented. A type it already carries is kept.
  const upcast = { type: 'SHIPPING', ...address };
  const merged = addresses.some((a) => sameAddress(a, upcast)) ? addresses : [...addresses, upcast];
  return { ...payload, customer: { ...customer, addresses: merged } };
};
