import { decidePatchCustomer } from './customer-patch.decider';
import { decideSaveCustomer } from './customer.decider';
import { Customer } from './customer.types';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-02-01T00:00:00Z');

function given(): Customer {
  const d = decideSaveCustomer(
    {
      customerId: 'c-1',
      name: { firstName: 'Ada', lastName: 'Lovelace' },
      contact: { email: 'ada@example.com' },
      addresses: [{ type: 'SHIPPING', address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' }],
      creditCards: [{ type: 'PRIMARY', number: '4111111111111111', expiration: '12/2030', nameOnCard: 'ADA' }],
    },
    null,
    t0,
  );
  if (!d.ok || d.value.kind !== 'changed') throw new Error('setup failed');
  return d.value.customer;
}

describe('decidePatchCustomer', () => {
  it('given a customer, when only the tier is sent, changes the tier and keeps everything else at the next version', () => {
    const current = given();
    const d = decidePatchCustomer({ customerId: 'c-1', tier: 'Gold' }, current, t1);
    expect(d).toMatchObject({ ok: true, value: { kind: 'changed', change: 'Replaced', customer: { version: 2 } } });
    if (!d.ok || d.value.kind !== 'changed') return;
    const { tier, updatedAt, ...rest } = d.value.customer.snapshot;
    const { tier: _t, updatedAt: _u, ...before } = current.snapshot;
    expect({ tier, updatedAt }).toEqual({ tier: 'Gold', updatedAt: t1.toISOString() });
    expect(rest).toEqual(before);
  });

  it('replaces each field given as a whole (name, contact, addresses)', () => {
    const d = decidePatchCustomer({ customerId: 'c-1', contact: { primaryPhone: '1' }, name: { firstName: 'A', lastName: 'L' } }, given(), t1);
    if (!d.ok || d.value.kind !== 'changed') throw new Error('expected a change');
    expect(d.value.customer.snapshot).toMatchObject({ contact: { primaryPhone: '1' }, name: { firstName: 'A', lastName: 'L' }, addresses: [{ address1: '1 Road' }] });
    expect(d.value.customer.snapshot.contact).not.toHaveProperty('email');
  });

  it('given the same values, decides nothing changed', () => {
    const current = given();
    expect(decidePatchCustomer({ customerId: 'c-1', tier: 'Bronze' }, current, t1)).toEqual({ ok: true, value: { kind: 'unchanged', customer: current } });
    expect(decidePatchCustomer({ customerId: 'c-1' }, current, t1)).toEqual({ ok: true, value: { kind: 'unchanged', customer: current } });
  });

  it('given If-Match of the current version, applies; a stale one is refused with CUSTOMER.VERSION_CONFLICT', () => {
    expect(decidePatchCustomer({ customerId: 'c-1', tier: 'Silver', expectedVersion: 1 }, given(), t1)).toMatchObject({ ok: true, value: { kind: 'changed' } });
    expect(decidePatchCustomer({ customerId: 'c-1', tier: 'Silver', expectedVersion: 2 }, given(), t1)).toMatchObject({
      ok: false,
      error: { code: 'CUSTOMER.VERSION_CONFLICT', kind: 'Conflict' },
    });
  });

  it('given no customer, refuses with CUSTOMER.NOT_FOUND (a patch never creates)', () => {
    expect(decidePatchCustomer({ customerId: 'c-9', tier: 'Gold' }, null, t1)).toMatchObject({ ok: false, error: { code: 'CUSTOMER.NOT_FOUND', kind: 'NotFound' } });
  });
});
