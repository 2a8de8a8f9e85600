import { decideSaveCustomer } from './customer.decider';
import { Customer, SaveCustomerCommand } from './customer.types';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-02-01T00:00:00Z');

const command = (over: Partial<SaveCustomerCommand> = {}): SaveCustomerCommand => ({
  customerId: 'c-1',
  name: { firstName: 'Ada', lastName: 'Lovelace' },
  contact: { email: 'ada@example.com' },
  addresses: [{ type: 'SHIPPING', address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' }],
  creditCards: [{ type: 'PRIMARY', number: '4111111111111111', expiration: '12/2030', nameOnCard: 'ADA' }],
  ...over,
});

function created(): Customer {
  const d = decideSaveCustomer(command(), null, t0);
  if (!d.ok || d.value.kind !== 'changed') throw new Error('setup failed');
  return d.value.customer;
}

describe('decideSaveCustomer', () => {
  it('given no customer, creates version 1 with tier Bronze and masked cards', () => {
    const d = decideSaveCustomer(command(), null, t0);
    expect(d).toMatchObject({ ok: true, value: { kind: 'changed', change: 'Created', customer: { version: 1 } } });
    if (!d.ok || d.value.kind !== 'changed') return;
    expect(d.value.customer.snapshot.tier).toBe('Bronze');
    expect(d.value.customer.snapshot.creditCards[0]).toEqual({ type: 'PRIMARY', brand: 'VISA', last4: '1111', expiration: '12/2030', nameOnCard: 'ADA' });
    expect(d.value.customer.snapshot.createdAt).toBe(t0.toISOString());
  });

  it('given a customer, a different document replaces it at the next version and keeps createdAt', () => {
    const d = decideSaveCustomer(command({ tier: 'Gold' }), created(), t1);
    expect(d).toMatchObject({ ok: true, value: { kind: 'changed', change: 'Replaced', customer: { version: 2 } } });
    if (!d.ok || d.value.kind !== 'changed') return;
    expect(d.value.customer.snapshot).toMatchObject({ tier: 'Gold', createdAt: t0.toISOString(), updatedAt: t1.toISOString() });
  });

  it('given the same document again, decides nothing changed (no new version, no event)', () => {
    const current = created();
    const d = decideSaveCustomer(command({ tier: 'Bronze' }), current, t1);
    expect(d).toEqual({ ok: true, value: { kind: 'unchanged', customer: current } });
  });

  it('given a stale If-Match, refuses with CUSTOMER.VERSION_CONFLICT', () => {
    const d = decideSaveCustomer(command({ expectedVersion: 7 }), created(), t1);
    expect(d).toMatchObject({ ok: false, error: { code: 'CUSTOMER.VERSION_CONFLICT', kind: 'Conflict' } });
  });

  it('given If-Match on a customer that does not exist, refuses', () => {
    expect(decideSaveCustomer(command({ expectedVersion: 1 }), null, t0)).toMatchObject({ ok: false, error: { code: 'CUSTOMER.VERSION_CONFLICT' } });
  });

  it('given a bad card, refuses naming every bad field and never echoes the number', () => {
    const d = decideSaveCustomer(
      command({
        creditCards: [
          { type: 'PRIMARY', number: '4111111111111112', expiration: '12/2030', nameOnCard: 'A' },
          { type: 'ALTERNATE', number: '5555555555554444', expiration: '01/2020', nameOnCard: 'A' },
        ],
      }),
      null,
      t0,
    );
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.error.code).toBe('CUSTOMER.CARD_INVALID');
    expect(d.error.fields.map((f) => f.field)).toEqual(['creditCards[0].number', 'creditCards[1].expiration']);
    expect(JSON.stringify(d.error) + d.error.message).not.toMatch(/4111111111111112|5555555555554444/);
  });
});

describe('decideSaveCustomer with the flag card policy (compatibility route)', () => {
  it('keeps an expired card and one failing the check digit, flagged, and still never the number', () => {
    const d = decideSaveCustomer(
      command({
        cardPolicy: 'flag',
        creditCards: [
          { type: 'PRIMARY', number: '1234-6789-0000-0000', expiration: '6/19', nameOnCard: 'John S. Doe' },
          { type: 'ALTERNATE', number: '9999-8888-7777-6666', expiration: '3/20', nameOnCard: 'John Doe' },
        ],
      }),
      null,
      t0,
    );
    if (!d.ok || d.value.kind !== 'changed') throw new Error('expected the customer to be created');
    expect(d.value.customer.snapshot.creditCards).toEqual([
      { type: 'PRIMARY', brand: 'OTHER', last4: '0000', expiration: '06/2019', nameOnCard: 'John S. Doe', flags: ['EXPIRED'] },
      { type: 'ALTERNATE', brand: 'OTHER', last4: '6666', expiration: '03/2020', nameOnCard: 'John Doe', flags: ['CHECK_DIGIT_FAILED', 'EXPIRED'] },
    ]);
    expect(JSON.stringify(d.value)).not.toMatch(/6789|8888/);
  });

  it('without the flag policy, the same cards are refused', () => {
    const d = decideSaveCustomer(command({ creditCards: [{ type: 'PRIMARY', number: '1234-6789-0000-0000', expiration: '6/19', nameOnCard: 'J' }] }), null, t0);
    expect(d).toMatchObject({ ok: false, error: { code: 'CUSTOMER.CARD_INVALID', fields: [{ field: 'creditCards[0].expiration', message: 'card has expired' }] } });
  });
});
