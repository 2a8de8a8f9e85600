import { Topic } from '@app/contracts';
import { customerDocument, readTopic, testKafka, TEST_CARD_NUMBERS, uniqueName } from '@app/testing';
import { http, useRunningStack } from './stack';

const stack = useRunningStack();
const { accounts, orders } = stack;

const card = (over: Record<string, unknown>) => [{ type: 'PRIMARY', number: TEST_CARD_NUMBERS.visa, expiration: '12/2030', nameOnCard: 'X', ...over }];

describe('bad input gets a clear error, names the field and writes nothing', () => {
  const rejected: string[] = [];

  it.each([
    ['malformed JSON', '{"name": ', 400, 'REQUEST.MALFORMED_JSON', undefined],
    ['an unknown top-level field', customerDocument({ bogus: 1 }), 400, 'REQUEST.VALIDATION_FAILED', 'bogus'],
    ['an unknown nested field', customerDocument({ name: { firstName: 'A', lastName: 'B', nickname: 'x' } }), 400, 'REQUEST.VALIDATION_FAILED', 'name.nickname'],
    ['a card number failing Luhn', customerDocument({ creditCards: card({ number: TEST_CARD_NUMBERS.badLuhn }) }), 400, 'CUSTOMER.CARD_INVALID', 'creditCards[0].number'],
    ['a card number with letters', customerDocument({ creditCards: card({ number: '4111-abcd-1111-1111' }) }), 400, 'CUSTOMER.CARD_INVALID', 'creditCards[0].number'],
    ['an expired card', customerDocument({ creditCards: card({ expiration: '01/2020' }) }), 400, 'CUSTOMER.CARD_INVALID', 'creditCards[0].expiration'],
    ['a bad tier', customerDocument({ tier: 'Platinum' }), 400, 'REQUEST.VALIDATION_FAILED', 'tier'],
    ['a bad address type', customerDocument({ addresses: [{ type: 'HOME', address1: 'a', city: 'b', state: 'c', postalCode: 'd' }] }), 400, 'REQUEST.VALIDATION_FAILED', 'addresses[0].type'],
    ['an overlong first name', customerDocument({ name: { firstName: 'x'.repeat(101), lastName: 'B' } }), 400, 'REQUEST.VALIDATION_FAILED', 'name.firstName'],
    ['an overlong city', customerDocument({ addresses: [{ type: 'SHIPPING', address1: 'a', city: 'c'.repeat(101), state: 's', postalCode: 'p' }] }), 400, 'REQUEST.VALIDATION_FAILED', 'addresses[0].city'],
    ['a missing name', customerDocument({ name: undefined }), 400, 'REQUEST.VALIDATION_FAILED', 'name'],
    ['a bad email', customerDocument({ contact: { email: 'not-an-email' } }), 400, 'REQUEST.VALIDATION_FAILED', 'contact.email'],
  ])('PUT with %s → %d %s', async (_what, body, status, code, field) => {
    const id = uniqueName('bad');
    rejected.push(id);
    const res = await http('PUT', `${accounts.url}/customers/${id}`, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, code });
    if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(new RegExp(Object.values(TEST_CARD_NUMBERS).join('|')));
    expect((await http('GET', `${accounts.url}/customers/${id}`)).status).toBe(404);
  });

  it('a bad customer id in the path → 400 naming id', async () => {
    const res = await http('PUT', `${accounts.url}/customers/${encodeURIComponent('bad id!')}`, customerDocument());
    expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'id' }] });
  });

  it('a stale If-Match → 409 CUSTOMER.VERSION_CONFLICT and the customer is unchanged', async () => {
    const id = uniqueName('stale');
    await http('PUT', `${accounts.url}/customers/${id}`, customerDocument());
    await http('PUT', `${accounts.url}/customers/${id}`, customerDocument({ tier: 'Silver' }), { 'If-Match': '"1"' });
    const stale = await http('PUT', `${accounts.url}/customers/${id}`, customerDocument({ tier: 'Bronze' }), { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CUSTOMER.VERSION_CONFLICT');
    const current = await http('GET', `${accounts.url}/customers/${id}`);
    expect(current.body).toMatchObject({ version: 2, tier: 'Silver' });
    expect(current.headers.get('etag')).toBe('"2"');
    expect((await http('PUT', `${accounts.url}/customers/${id}`, customerDocument(), { 'If-Match': 'nonsense' })).body.code).toBe('REQUEST.BAD_IF_MATCH');
  });

  it('a compat create without customerId in the body → 400 naming customerId', async () => {
    const res = await http('POST', `${accounts.url}/accounts/customer/create`, customerDocument());
    expect(res.body.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('customerId');
  });

  it('bad orders input → 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ customerId: 'c', items: [] }, 'items'],
      [{ customerId: 'c', items: [{ productId: 'p', quantity: 0, unitPrice: 1 }] }, 'items[0].quantity'],
      [{ customerId: 'c', items: [{ productId: 'p', quantity: 1, unitPrice: -1 }] }, 'items[0].unitPrice'],
      [{ customerId: 'c', items: [{ productId: 'p', quantity: 1, unitPrice: 1.234 }] }, 'items[0].unitPrice'],
      [{ customerId: 'c', items: [{ productId: 'p', quantity: 1, unitPrice: 1 }], extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await http('POST', `${orders.url}/orders`, body);
      expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await http('GET', `${orders.url}/orders/not-a-uuid`)).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
    expect((await http('PUT', `${orders.url}/orders/00000000-0000-4000-8000-000000000000/status`, { status: 'Shipped' })).body.code).toBe('ORDER.NOT_FOUND');
    expect((await http('PUT', `${orders.url}/orders/00000000-0000-4000-8000-000000000000/status`, { status: 'Lost' })).body.errors[0].field).toBe('status');
  });

  it('no event was published for any rejected request', async () => {
    const records = await readTopic(testKafka(stack.infra.kafkaBrokers), Topic.CustomerChange);
    const keys = new Set(records.map((r) => r.key));
    expect(rejected.length).toBeGreaterThan(10);
    expect(rejected.filter((id) => keys.has(id))).toEqual([]);
  });
});
