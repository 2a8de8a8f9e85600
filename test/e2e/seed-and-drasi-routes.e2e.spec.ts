import { Topic } from '@app/contracts';
import { readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import { givenProducts, http, useRunningStack } from './stack';

const stack = useRunningStack({ streams: {} });
const { accounts, orders, catalog, streams } = stack;

/** The original design's documented request, byte for byte as the issue quotes it. */
const SEED_REQUEST = `{"id": 123456,
 "name": {"title": "Mr.", "firstName": "Rajesh", "middleName": "V.", "lastName": "Iyer", "suffix": "Jr."},
 "contact": {"primaryPhone": "555-666-7777", "secondaryPhone": "555-444-9898", "email": "rajesh@example.com"},
 "addresses": [
   {"type": "BILLING", "description": "My cc billing address", "address1": "123 Oak Street", "address2": null,
    "city": "Sunrise", "state": "CA", "postalCode": "12345-6789"},
   {"type": "SHIPPING", "description": "My home address", "address1": "123 Oak Street", "address2": null,
    "city": "Sunrise", "state": "CA", "postalCode": "12345-6789"}],
 "creditCards": [
   {"type": "PRIMARY", "description": "VISA", "number": "1234-6789-0000-0000", "expiration": "6/19", "nameOnCard": "John S. Doe"},
   {"type": "ALTERNATE", "description": "Corporate American Express", "number": "9999-8888-7777-6666", "expiration": "3/20", "nameOnCard": "John Doe"}]}`;
/** The sample's card numbers, with or without their dashes. */
const SAMPLE_NUMBERS = /1234-?6789-?0000-?0000|9999-?8888-?7777-?6666/;
const SEED_ID = '123456';

const newCustomer = {
  name: { firstName: 'Grace', lastName: 'Hopper' },
  addresses: [{ type: 'SHIPPING', address1: '1 Navy Yard', city: 'Arlington', state: 'VA', postalCode: '22202' }],
  creditCards: [{ type: 'PRIMARY', number: '4111111111111111', expiration: '12/2030', nameOnCard: 'G HOPPER' }],
};

describe("the original design's sample request, verbatim", () => {
  const correlationId = uniqueName('seed');
  const productId = uniqueName('seed-p');

  beforeAll(() => givenProducts(stack, [{ id: productId, price: 3 }]), 60_000);

  it('answers 201 on the compatibility route: numeric id as a string, nulls left out, expired and check-digit-failing cards kept with flags', async () => {
    const res = await http('POST', `${accounts.url}/accounts/customer/create`, SEED_REQUEST, { 'X-Correlation-Id': correlationId });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/customers/${SEED_ID}`);
    expect(res.body).toMatchObject({ customerId: SEED_ID, version: 1, tier: 'Bronze', name: { title: 'Mr.', suffix: 'Jr.' } });
    for (const address of res.body.addresses) expect(address).not.toHaveProperty('address2');
    expect(res.body.creditCards).toEqual([
      { type: 'PRIMARY', description: 'VISA', brand: 'OTHER', last4: '0000', expiration: '06/2019', nameOnCard: 'John S. Doe', flags: ['EXPIRED'] },
      {
        type: 'ALTERNATE',
        description: 'Corporate American Express',
        brand: 'OTHER',
        last4: '6666',
        expiration: '03/2020',
        nameOnCard: 'John Doe',
        flags: ['CHECK_DIGIT_FAILED', 'EXPIRED'],
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(SAMPLE_NUMBERS);
  });

  it('the native PUT stays strict about the same cards (400 CUSTOMER.CARD_INVALID)', async () => {
    const { id: _id, ...document } = JSON.parse(SEED_REQUEST) as Record<string, unknown>;
    const res = await http('PUT', `${accounts.url}/customers/${uniqueName('strict')}`, document);
    expect(res.body).toMatchObject({ status: 400, code: 'CUSTOMER.CARD_INVALID' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['creditCards[0].expiration', 'creditCards[1].number']);
  });

  it("reaches orders' replica through the event, and an order for it shows on GET /orders/list and GET /orders/order/123456", async () => {
    const replica = await http('GET', `${orders.url}/customer-replicas/${SEED_ID}?minVersion=1`);
    expect(replica.status).toBe(200);
    expect(replica.body).toMatchObject({ customerId: SEED_ID, displayName: 'Mr. Rajesh V. Iyer Jr.', shippingAddress: { type: 'SHIPPING', address1: '123 Oak Street' } });
    expect(replica.body.shippingAddress).not.toHaveProperty('address2');

    // The sample's ids are numbers: the order takes the customer id as one too.
    const order = await http('POST', `${orders.url}/orders`, { customerId: 123456, items: [{ productId, quantity: 2 }] }, { 'X-Customer-Min-Version': '1' });
    expect(order.status).toBe(201);
    const { orderId } = order.body;
    expect(order.body).toMatchObject({ customerId: SEED_ID, customerName: 'Mr. Rajesh V. Iyer Jr.', total: 6, shippingAddress: { address1: '123 Oak Street', postalCode: '12345-6789' } });

    const byCustomer = await waitFor(async () => {
      const res = await http('GET', `${orders.url}/orders/order/${SEED_ID}`);
      return res.status === 200 && res.body.some((o: { orderId: string }) => o.orderId === orderId) ? res.body : undefined;
    }, { what: 'the order on GET /orders/order/123456' });
    expect(byCustomer.every((o: { customerId: string }) => o.customerId === SEED_ID)).toBe(true);
    expect(byCustomer.find((o: { orderId: string }) => o.orderId === orderId)).toMatchObject({ customerName: 'Mr. Rajesh V. Iyer Jr.', status: 'Processing' });
    const list = await http('GET', `${orders.url}/orders/list?pageSize=200`);
    expect(list.body.find((o: { orderId: string }) => o.orderId === orderId)).toMatchObject({ customerId: SEED_ID, customerName: 'Mr. Rajesh V. Iyer Jr.' });
  });

  it('publishes the flags, never the card numbers nor a null, and stores none either', async () => {
    const records = await waitFor(async () => {
      const all = await readTopic(testKafka(stack.infra.kafkaBrokers), Topic.CustomerChange);
      const ours = all.filter((r) => r.key === SEED_ID && r.value?.toString().includes(correlationId));
      return ours.length > 0 ? ours : undefined;
    }, { what: 'our CustomerChanged of 123456', timeoutMs: 30_000 });
    const text = records.map((r) => r.value?.toString() ?? '').join('\n');
    expect(text).not.toMatch(SAMPLE_NUMBERS);
    expect(text).not.toContain('null');
    expect(JSON.parse(records[0].value!.toString()).payload.customer.creditCards.map((c: { flags: string[] }) => c.flags)).toEqual([['EXPIRED'], ['CHECK_DIGIT_FAILED', 'EXPIRED']]);

    const mongo = new MongoClient(stack.infra.mongoUrl);
    try {
      const stored = await mongo.db(stack.accountsDb).collection('customers').findOne({ _id: SEED_ID as never });
      expect(JSON.stringify(stored)).not.toMatch(SAMPLE_NUMBERS);
      expect(stored?.addresses.every((a: Record<string, unknown>) => !('address2' in a))).toBe(true);
    } finally {
      await mongo.close();
    }
  });
});

describe("the Drasi sample's routes", () => {
  it('POST /customers assigns the id: 201, Location, ETag', async () => {
    const res = await http('POST', `${accounts.url}/customers`, newCustomer);
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('location')).toBe(`/customers/${res.body.customerId}`);
    expect(res.body.customerId).toMatch(/^[0-9a-f-]{36}$/);
    const got = await http('GET', `${accounts.url}${res.headers.get('location')}`);
    expect(got.body).toMatchObject({ customerId: res.body.customerId, version: 1, tier: 'Bronze' });
    const other = await http('POST', `${accounts.url}/customers`, newCustomer);
    expect(other.body.customerId).not.toBe(res.body.customerId);
  });

  it('PATCH /customers/{id} changes the tier only, honours If-Match (stale: 409), and the replica follows', async () => {
    const created = await http('POST', `${accounts.url}/customers`, newCustomer);
    const id: string = created.body.customerId;
    const patched = await http('PATCH', `${accounts.url}/customers/${id}`, { tier: 'Gold' }, { 'If-Match': '"1"' });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    const { tier, version, updatedAt: _u, ...rest } = patched.body;
    const { tier: _t, version: _v, updatedAt: _u0, ...before } = created.body;
    expect({ tier, version }).toEqual({ tier: 'Gold', version: 2 });
    expect(rest).toEqual(before);

    const stale = await http('PATCH', `${accounts.url}/customers/${id}`, { tier: 'Silver' }, { 'If-Match': '"1"' });
    expect(stale.body).toMatchObject({ status: 409, code: 'CUSTOMER.VERSION_CONFLICT' });
    const same = await http('PATCH', `${accounts.url}/customers/${id}`, { tier: 'Gold' });
    expect(same.body).toMatchObject({ version: 2, tier: 'Gold' });
    expect((await http('PATCH', `${accounts.url}/customers/${uniqueName('nobody')}`, { tier: 'Gold' })).body).toMatchObject({ status: 404, code: 'CUSTOMER.NOT_FOUND' });
    expect((await http('PATCH', `${accounts.url}/customers/${id}`, { tier: 'Platinum' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });

    const replica = await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=2`);
    expect(replica.body).toMatchObject({ version: 2, tier: 'Gold' });
  });

  it('PATCH /customers/{id} without a field to change (no body, {}, only nulls) is refused: 400 REQUEST.VALIDATION_FAILED, nothing published', async () => {
    const created = await http('POST', `${accounts.url}/customers`, newCustomer);
    const id: string = created.body.customerId;
    for (const body of [undefined, {}, { tier: null }]) {
      const res = await http('PATCH', `${accounts.url}/customers/${id}`, body);
      expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'body', message: 'give at least one of tier, name, contact, addresses' }] });
    }
    expect((await http('GET', `${accounts.url}/customers/${id}`)).body).toMatchObject({ version: 1, tier: 'Bronze' });
  });

  it('POST /customers and PUT /customers/{id} read a null tier or contact as not given, as every optional field', async () => {
    const created = await http('POST', `${accounts.url}/customers`, { ...newCustomer, tier: null, contact: null });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tier: 'Bronze', contact: {} });
    const id: string = created.body.customerId;
    const replaced = await http('PUT', `${accounts.url}/customers/${id}`, { ...newCustomer, tier: null, contact: null, customerId: null });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ customerId: id, version: 1, tier: 'Bronze', contact: {} });
  });

  it('the compatibility route takes customerId as a number or null, as it takes id', async () => {
    const { id: _id, ...document } = JSON.parse(SEED_REQUEST) as Record<string, unknown>;
    const customerId = Number(String(Date.now()).slice(-9));
    const res = await http('POST', `${accounts.url}/accounts/customer/create`, { ...document, customerId });
    expect(res.status).toBe(201);
    expect(res.body.customerId).toBe(String(customerId));
    const again = await http('POST', `${accounts.url}/accounts/customer/create`, { ...document, id: customerId, customerId: null });
    expect(again.body).toMatchObject({ customerId: String(customerId), version: 1 });
  });

  it('POST /products assigns the id: 201, Location; reviews by POST /reviews, GET /reviews and GET /reviews/product/{id}', async () => {
    const created = await http('POST', `${catalog.url}/products`, { name: 'Drasi widget', description: 'drasi', price: 4.5, stock: 40 });
    expect(created.status).toBe(201);
    const productId: string = created.body.productId;
    expect(created.headers.get('location')).toBe(`/products/${productId}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect((await http('GET', `${catalog.url}${created.headers.get('location')}`)).body).toMatchObject({ productId, name: 'Drasi widget', version: 1 });

    for (const rating of [1, 2, 2]) {
      const review = await http('POST', `${catalog.url}/reviews`, { productId, customerId: 123456, rating, text: 'drasi' });
      expect(review.status).toBe(201);
      expect(review.body).toMatchObject({ productId, customerId: SEED_ID, rating });
    }
    const ofProduct = await http('GET', `${catalog.url}/reviews/product/${productId}`);
    expect(ofProduct.body).toMatchObject({ total: 3, page: 1 });
    expect(ofProduct.body.items.map((r: { seq: number; rating: number }) => [r.seq, r.rating])).toEqual([[1, 1], [2, 2], [3, 2]]);
    expect((await http('GET', `${catalog.url}/products/${productId}/reviews`)).body).toEqual(ofProduct.body);
    const all = await http('GET', `${catalog.url}/reviews?pageSize=200`);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.items.filter((r: { productId: string }) => r.productId === productId)).toHaveLength(3);
    expect((await http('GET', `${catalog.url}/reviews/product/${uniqueName('none')}`)).body).toMatchObject({ status: 404, code: 'PRODUCT.NOT_FOUND' });
    expect((await http('POST', `${catalog.url}/reviews`, { productId: uniqueName('none'), customerId: 'c', rating: 3, text: '' })).body).toMatchObject({ status: 404 });

    // The catalogue view keeps the exact mean: 5/3, not 1.67.
    const entry = await waitFor(async () => {
      const res = await http('GET', `${streams.url}/catalogue/${productId}`);
      return res.status === 200 && res.body.reviewCount === 3 ? res.body : undefined;
    }, { what: 'catalogue entry with 3 reviews', timeoutMs: 30_000 });
    expect(entry.averageRating).toBe(5 / 3);
  });

  it('documents what the routes accept: null for optional fields (tier in its enum), numeric ids on the compatibility route, a PATCH body with a field', async () => {
    const doc = (await http('GET', `${accounts.url}/docs-json`)).body;
    const schemas = doc.components.schemas;
    for (const dto of ['CustomerDocumentDto', 'SaveCustomerRequestDto', 'CompatCreateCustomerDto', 'PatchCustomerRequestDto']) {
      expect(schemas[dto].properties.tier).toMatchObject({ nullable: true, enum: ['Gold', 'Silver', 'Bronze', null] });
      expect(schemas[dto].properties.contact).toMatchObject({ nullable: true });
    }
    for (const field of ['id', 'customerId']) {
      expect(schemas.CompatCreateCustomerDto.properties[field]).toMatchObject({ nullable: true, oneOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] });
    }
    expect(doc.paths['/customers/{id}'].patch.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/PatchCustomerRequestDto' }], minProperties: 1 } } },
    });
  });

  it('documents the new operations with readable operation ids', async () => {
    const ids = async (url: string) =>
      Object.values((await http('GET', `${url}/docs-json`)).body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(await ids(accounts.url)).toEqual(expect.arrayContaining(['createCustomer', 'patchCustomer', 'createCustomerCompat']));
    expect(await ids(catalog.url)).toEqual(expect.arrayContaining(['createProduct', 'addReview', 'listReviews', 'listProductReviews']));
  });
});
