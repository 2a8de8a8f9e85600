import { CUSTOMER_CHANGED_VERSION } from '../events/customer-changed.event';
import { decodeEvent, MAX_EVENT_BYTES } from './decode-event';
import { EVENT_REGISTRY } from './event-registry';

const shipping = { type: 'SHIPPING', address1: '1 Engine Yard', city: 'London', state: 'LDN', postalCode: 'EC1 2AB' };
const customer = {
  customerId: 'c-1',
  name: { firstName: 'Ada', lastName: 'Lovelace' },
  contact: {},
  addresses: [shipping],
  creditCards: [{ type: 'PRIMARY', brand: 'VISA', last4: '1111', expiration: '12/2030', nameOnCard: 'ADA' }],
  tier: 'Gold',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const event = {
  eventId: 'e-1',
  type: 'CustomerChanged',
  schemaVersion: CUSTOMER_CHANGED_VERSION,
  aggregateId: 'c-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'corr',
  payload: { change: 'Created', customer },
};
const { addresses: _addresses, ...customerWithoutAddresses } = customer;
const { type: _type, ...untypedAddress } = shipping;
/** The original v1 document: one address, no type. */
const v1WithAddress = { ...event, schemaVersion: 1, payload: { change: 'Created', customer: { ...customerWithoutAddresses, address: untypedAddress } } };
/** v1 as accounts published it before v2: already addresses[]. */
const v1WithAddresses = { ...event, schemaVersion: 1 };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeEvent', () => {
  it('CustomerChanged is at schema version 2', () => {
    expect(CUSTOMER_CHANGED_VERSION).toBe(2);
  });

  it('decodes a valid current-version event unchanged', () => {
    expect(decodeEvent(encode(event))).toEqual({ ok: true, event });
  });

  it('upcasts a v1 with the single address to the current shape', () => {
    expect(decodeEvent(encode(v1WithAddress))).toEqual({ ok: true, event });
  });

  it('passes a v1 that already has addresses[] through, at the current version', () => {
    expect(decodeEvent(encode(v1WithAddresses))).toEqual({ ok: true, event });
  });

  it.each([
    ['bad JSON', Buffer.from('{nope'), 'BAD_JSON'],
    ['an empty value', null, 'BAD_JSON'],
    ['a missing aggregateId', encode({ ...event, aggregateId: undefined }), 'INVALID_ENVELOPE'],
    ['an unknown type', encode({ ...event, type: 'Nope' }), 'UNKNOWN_TYPE'],
    ['a future schema version (v3)', encode({ ...event, schemaVersion: 3 }), 'UNSUPPORTED_VERSION'],
    ['a payload of the wrong shape', encode({ ...event, payload: { change: 'Created', customer: { ...customer, tier: 'Platinum' } } }), 'INVALID_SCHEMA'],
    ['a full card number in the payload', encode({ ...event, payload: { change: 'Created', customer: { ...customer, creditCards: [{ ...customer.creditCards[0], last4: '4111111111111111' }] } } }), 'INVALID_SCHEMA'],
    ['a v2 with the v1 single address', encode({ ...v1WithAddress, schemaVersion: 2 }), 'INVALID_SCHEMA'],
    ['an oversized value, even if well-formed', encode({ ...event, payload: { change: 'Created', customer: { ...customer, padding: 'x'.repeat(MAX_EVENT_BYTES) } } }), 'OVERSIZED'],
  ])('rejects %s with a reason', (_what, value, code) => {
    const result = decodeEvent(value);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });

  it('rejects a v1 that is still invalid after upcasting, naming the field', () => {
    const { city: _city, ...noCity } = untypedAddress;
    const result = decodeEvent(encode({ ...v1WithAddress, payload: { change: 'Created', customer: { ...customerWithoutAddresses, address: noCity } } }));
    expect(result).toMatchObject({ ok: false, code: 'INVALID_SCHEMA', reason: expect.stringContaining('payload/customer/addresses/0/city') });
  });

  it('rejects a v1 with neither address nor addresses', () => {
    const result = decodeEvent(encode({ ...v1WithAddress, payload: { change: 'Created', customer: customerWithoutAddresses } }));
    expect(result).toMatchObject({ ok: false, code: 'INVALID_SCHEMA', reason: expect.stringContaining('addresses') });
  });

  it('turns an upcaster that throws into INVALID_SCHEMA instead of throwing', () => {
    const upcast = jest.spyOn(EVENT_REGISTRY.CustomerChanged.upcasters, 1).mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      expect(decodeEvent(encode(v1WithAddress))).toMatchObject({ ok: false, code: 'INVALID_SCHEMA', reason: expect.stringContaining('boom') });
    } finally {
      upcast.mockRestore();
    }
  });
});
