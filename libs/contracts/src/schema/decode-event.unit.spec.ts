import { decodeEvent } from './decode-event';

const customer = {
  customerId: 'c-1',
  name: { firstName: 'Ada', lastName: 'Lovelace' },
  contact: {},
  addresses: [],
  creditCards: [{ type: 'PRIMARY', brand: 'VISA', last4: '1111', expiration: '12/2030', nameOnCard: 'ADA' }],
  tier: 'Gold',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const event = {
  eventId: 'e-1',
  type: 'CustomerChanged',
  schemaVersion: 1,
  aggregateId: 'c-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'corr',
  payload: { change: 'Created', customer },
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeEvent', () => {
  it('decodes a valid current-version event', () => {
    expect(decodeEvent(encode(event))).toEqual({ ok: true, event });
  });

  it.each([
    ['bad JSON', Buffer.from('{nope'), 'BAD_JSON'],
    ['an empty value', null, 'BAD_JSON'],
    ['a missing aggregateId', encode({ ...event, aggregateId: undefined }), 'INVALID_ENVELOPE'],
    ['an unknown type', encode({ ...event, type: 'Nope' }), 'UNKNOWN_TYPE'],
    ['a future schema version', encode({ ...event, schemaVersion: 99 }), 'UNSUPPORTED_VERSION'],
    ['a payload of the wrong shape', encode({ ...event, payload: { change: 'Created', customer: { ...customer, tier: 'Platinum' } } }), 'INVALID_SCHEMA'],
    ['a full card number in the payload', encode({ ...event, payload: { change: 'Created', customer: { ...customer, creditCards: [{ ...customer.creditCards[0], last4: '4111111111111111' }] } } }), 'INVALID_SCHEMA'],
  ])('rejects %s with a reason', (_what, value, code) => {
    const result = decodeEvent(value);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });
});
