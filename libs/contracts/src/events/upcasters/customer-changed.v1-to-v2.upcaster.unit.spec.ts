import { Value } from '@sinclair/typebox/value';
import { CustomerChangedPayloadSchema } from '../customer-changed.event';
import { CustomerChangedV1PayloadSchema } from '../customer-changed.v1.event';
import { customerChangedV1ToV2 } from './customer-changed.v1-to-v2.upcaster';

const home = { address1: '1 Engine Yard', city: 'London', state: 'LDN', postalCode: 'EC1 2AB' };
const customer = {
  customerId: 'c-1',
  name: { firstName: 'Ada', lastName: 'Lovelace' },
  contact: { email: 'ada@example.com' },
  creditCards: [],
  tier: 'Gold',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const v1Legacy = (address: object, extra: object = {}) => ({ change: 'Replaced', customer: { ...customer, address, ...extra } });

describe('CustomerChanged v1 → v2 upcaster', () => {
  it('given the original single address, makes it the one SHIPPING entry of addresses[]', () => {
    const v1 = v1Legacy(home);
    expect(Value.Check(CustomerChangedV1PayloadSchema, v1)).toBe(true);

    const v2 = customerChangedV1ToV2(v1);

    expect(v2).toEqual({ change: 'Replaced', customer: { ...customer, addresses: [{ type: 'SHIPPING', ...home }] } });
    expect(Value.Check(CustomerChangedPayloadSchema, v2)).toBe(true);
  });

  it('keeps a type the single address already carries', () => {
    expect(customerChangedV1ToV2(v1Legacy({ ...home, type: 'BILLING' }))).toMatchObject({ customer: { addresses: [{ ...home, type: 'BILLING' }] } });
  });

  it('loses no field it does not know', () => {
    const v1 = { ...v1Legacy({ ...home, address2: 'Flat 1', county: 'Middlesex' }, { loyaltyId: 'L-7' }), source: 'import' };
    expect(customerChangedV1ToV2(v1)).toEqual({
      change: 'Replaced',
      source: 'import',
      customer: { ...customer, loyaltyId: 'L-7', addresses: [{ type: 'SHIPPING', ...home, address2: 'Flat 1', county: 'Middlesex' }] },
    });
  });

  it('given a v1 that already has addresses[] (as accounts published it), returns it unchanged', () => {
    const v1 = { change: 'Created', customer: { ...customer, addresses: [{ type: 'BILLING', ...home }] } };
    expect(Value.Check(CustomerChangedV1PayloadSchema, v1)).toBe(true);
    expect(customerChangedV1ToV2(v1)).toBe(v1);
  });

  it('given both shapes, adds the single address to addresses[] unless an equal entry is there', () => {
    const billing = { type: 'BILLING', ...home, address1: '12 Analytical Row' };
    const mirrored = { ...v1Legacy(home), customer: { ...v1Legacy(home).customer, addresses: [billing, { type: 'SHIPPING', ...home }] } };
    expect(customerChangedV1ToV2(mirrored)).toMatchObject({ customer: { addresses: [billing, { type: 'SHIPPING', ...home }] } });
    expect(customerChangedV1ToV2(mirrored)).not.toHaveProperty('customer.address');

    const other = { ...v1Legacy(home), customer: { ...v1Legacy(home).customer, addresses: [billing] } };
    expect(customerChangedV1ToV2(other)).toMatchObject({ customer: { addresses: [billing, { type: 'SHIPPING', ...home }] } });
  });

  it.each([
    ['not an object', 'nope'],
    ['without a customer', { change: 'Created' }],
    ['with an address that is not an object', v1Legacy('1 Engine Yard' as unknown as object)],
    ['with addresses that are not an array', v1Legacy(home, { addresses: 'none' })],
  ])('returns a payload %s as it is, for the schema check to reject', (_what, payload) => {
    expect(customerChangedV1ToV2(payload)).toBe(payload);
  });
});
