import { customerDocument, uniqueName, waitFor } from '@app/testing';
import { givenProducts, http, useRunningStack } from './stack';

const stack = useRunningStack();
const { accounts, orders, catalog } = stack;
/** Product ids of this run only: the topics keep every earlier run's products too. */
const P = { one: uniqueName('p1'), two: uniqueName('p2'), three: uniqueName('p3'), compat: uniqueName('pc') };

beforeAll(async () => {
  await givenProducts(stack, [
    { id: P.one, price: 9.99 },
    { id: P.two, price: 5 },
    { id: P.three, price: 1 },
    { id: P.compat, price: 2 },
  ]);
}, 60_000);

describe('accounts → orders event-carried state transfer', () => {
  const id = uniqueName('cust');

  it('a new customer reaches the orders replica and a new order carries its shipping address', async () => {
    const put = await http('PUT', `${accounts.url}/customers/${id}`, customerDocument());
    expect(put.status).toBe(201);
    expect(put.headers.get('etag')).toBe('"1"');
    expect(put.body).toMatchObject({ customerId: id, version: 1, tier: 'Gold' });
    expect(put.body.creditCards).toEqual([
      { type: 'PRIMARY', description: 'personal', brand: 'VISA', last4: '1111', expiration: '12/2030', nameOnCard: 'A LOVELACE' },
      { type: 'ALTERNATE', brand: 'MASTERCARD', last4: '4444', expiration: '06/2029', nameOnCard: 'A LOVELACE' },
    ]);

    const replica = await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=1`);
    expect(replica.status).toBe(200);
    expect(replica.body).toMatchObject({ customerId: id, version: 1, tier: 'Gold', displayName: 'Ms Ada King Lovelace', shippingAddress: { address1: '1 Engine Yard' } });

    const order = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.one, quantity: 2, unitPrice: 9.99 }] });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ customerId: id, status: 'Processing', total: 19.98, version: 1, shippingAddress: { type: 'SHIPPING', address1: '1 Engine Yard', postalCode: 'EC1 2AB' } });
  });

  it('a later address change updates the replica; new orders use it, old orders keep theirs', async () => {
    const before = await http('GET', `${orders.url}/orders?customerId=${id}`);
    expect(before.body.total).toBe(1);
    const moved = customerDocument({
      addresses: [{ type: 'SHIPPING', address1: '99 New Street', city: 'Leeds', state: 'WY', postalCode: 'LS1 1AA' }],
    });
    const put = await http('PUT', `${accounts.url}/customers/${id}`, moved, { 'If-Match': '"1"' });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(2);

    const replica = await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=2`);
    expect(replica.body).toMatchObject({ version: 2, shippingAddress: { address1: '99 New Street' } });

    const order = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.two, quantity: 1 }] }, { 'X-Customer-Min-Version': '2' });
    expect(order.body.shippingAddress.address1).toBe('99 New Street');
    const old = await http('GET', `${orders.url}/orders/${before.body.items[0].orderId}`);
    expect(old.body.shippingAddress.address1).toBe('1 Engine Yard');
  });

  it('saving the same document again produces no new version', async () => {
    const current = await http('GET', `${accounts.url}/customers/${id}`);
    const { customerId: _c, version: _v, createdAt: _a, updatedAt: _u, creditCards: _cards, ...rest } = current.body;
    const again = await http('PUT', `${accounts.url}/customers/${id}`, { ...rest, creditCards: customerDocument().creditCards });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(current.body.version);
  });

  it('the same request twice produces one version, also when optional fields are left out', async () => {
    const sparseId = uniqueName('sparse');
    const doc = customerDocument({ name: { firstName: 'Ada', lastName: 'Lovelace' }, contact: {} });
    expect((await http('PUT', `${accounts.url}/customers/${sparseId}`, doc)).body.version).toBe(1);
    const again = await http('PUT', `${accounts.url}/customers/${sparseId}`, doc);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    expect(again.body.name).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('orders move Processing → Shipped → Delivered and refuse anything else with 409', async () => {
    const placed = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.three, quantity: 1 }] });
    const url = `${orders.url}/orders/${placed.body.orderId}/status`;
    expect((await http('PUT', url, { status: 'Delivered' })).body).toMatchObject({ status: 409, code: 'ORDER.INVALID_TRANSITION' });
    expect((await http('PUT', url, { status: 'Shipped' }, { 'If-Match': '"1"' })).body).toMatchObject({ status: 'Shipped', version: 2 });
    expect((await http('PUT', url, { status: 'Cancelled' })).status).toBe(409);
    expect((await http('PUT', url, { status: 'Delivered' }, { 'If-Match': '"1"' })).body.code).toBe('ORDER.VERSION_CONFLICT');
    expect((await http('PUT', url, { status: 'Delivered' })).body.status).toBe('Delivered');
    const shipped = await http('GET', `${orders.url}/orders?customerId=${id}&status=Delivered`);
    expect(shipped.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([placed.body.orderId]);
  });

  it('an order for an unknown customer gets 422 ORDER.CUSTOMER_UNKNOWN', async () => {
    const res = await http('POST', `${orders.url}/orders`, { customerId: uniqueName('ghost'), items: [{ productId: P.one, quantity: 1 }] });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ORDER.CUSTOMER_UNKNOWN', errors: [{ field: 'customerId' }] });
  });

  it('an order naming a customer version the replica has not reached gets 503 REPLICA.NOT_CAUGHT_UP, not 422 or a stale customer', async () => {
    const ghost = await http('POST', `${orders.url}/orders`, { customerId: uniqueName('ghost'), items: [{ productId: P.one, quantity: 1 }] }, { 'X-Customer-Min-Version': '1' });
    expect(ghost.status).toBe(503);
    expect(ghost.body).toMatchObject({ code: 'REPLICA.NOT_CAUGHT_UP' });
    const ahead = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.one, quantity: 1 }] }, { 'X-Customer-Min-Version': '999' });
    expect(ahead.status).toBe(503);
    expect(ahead.headers.get('retry-after')).toBe('1');
  });

  it('prices come from the catalog: unknown product → 422, stale stated price → 422', async () => {
    const unknown = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.one, quantity: 1 }, { productId: uniqueName('nope'), quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'ORDER.PRODUCT_UNKNOWN', errors: [{ field: 'items[1].productId' }] });
    const stale = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.two, quantity: 1, unitPrice: 4.5 }] });
    expect(stale.body).toMatchObject({ status: 422, code: 'ORDER.PRICE_CHANGED', errors: [{ field: 'items[0].unitPrice' }] });
    const repriced = await http('PUT', `${catalog.url}/products/${P.two}`, { name: 'Product two', description: 'e2e', price: 4.5, stock: 100 });
    await http('GET', `${orders.url}/product-replicas/${P.two}?minVersion=${repriced.body.version}`);
    const order = await http('POST', `${orders.url}/orders`, { customerId: id, items: [{ productId: P.two, quantity: 2, unitPrice: 4.5 }] });
    expect(order.body).toMatchObject({ status: 'Processing', total: 9, items: [{ productId: P.two, quantity: 2, unitPrice: 4.5 }] });
  });

  it('the compatibility routes of the original design work', async () => {
    const compatId = uniqueName('compat');
    const created = await http('POST', `${accounts.url}/accounts/customer/create`, { customerId: compatId, ...customerDocument({ tier: undefined }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customerId: compatId, tier: 'Bronze', version: 1 });
    await waitFor(async () => (await http('GET', `${orders.url}/customer-replicas/${compatId}`)).status === 200, { what: 'compat customer in replica' });
    await http('POST', `${orders.url}/orders`, { customerId: compatId, items: [{ productId: P.compat, quantity: 1 }] });
    const byCustomer = await http('GET', `${orders.url}/orders/order/${compatId}`);
    expect(byCustomer.body).toHaveLength(1);
    const list = await http('GET', `${orders.url}/orders/list?pageSize=200`);
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.some((o: { customerId: string }) => o.customerId === compatId)).toBe(true);
  });

  it('lists customers a page at a time', async () => {
    const page = await http('GET', `${accounts.url}/customers?page=1&pageSize=1`);
    expect(page.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
  });

  it('serves Swagger, health and Prometheus metrics', async () => {
    for (const svc of [accounts, orders]) {
      const docs = await http('GET', `${svc.url}/docs-json`);
      expect(docs.body.openapi).toMatch(/^3\./);
      expect((await fetch(`${svc.url}/docs`)).status).toBe(200);
      const health = await http('GET', `${svc.url}/health`);
      expect(health.body.status).toBe('ok');
      expect(Object.keys(health.body.details)).toEqual(expect.arrayContaining(['kafka', 'mongodb']));
      expect(await (await fetch(`${svc.url}/metrics`)).text()).toContain('http_request_duration_seconds');
    }
    expect(Object.keys((await http('GET', `${orders.url}/health`)).body.details)).toContain('consumers');
    expect(Object.keys((await http('GET', `${accounts.url}/docs-json`)).body.paths)).toEqual(
      expect.arrayContaining(['/customers/{id}', '/customers', '/accounts/customer/create']),
    );
  });
});
