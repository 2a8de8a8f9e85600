import { Topic } from '@app/contracts';
import { MongoClient } from 'mongodb';
import { customerDocument, metricValue, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { givenProducts, http, useRunningStack } from './stack';

const stack = useRunningStack();
const { accounts, orders, catalog } = stack;
const kafka = testKafka(stack.infra.kafkaBrokers);

describe('catalog: products, stock and reviews', () => {
  const id = uniqueName('prod');

  it('creates, reads, lists and replaces products with versions', async () => {
    const put = await http('PUT', `${catalog.url}/products/${id}`, { name: 'Difference Engine', description: 'No. 2', price: 12.5, stock: 30 });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ productId: id, version: 1, price: 12.5, stock: 30 });
    expect((await http('PUT', `${catalog.url}/products/${id}`, { name: 'Difference Engine', description: 'No. 2', price: 12.5, stock: 30 })).body.version).toBe(1);
    const get = await http('GET', `${catalog.url}/products/${id}`);
    expect(get.headers.get('etag')).toBe('"1"');
    expect((await http('PUT', `${catalog.url}/products/${id}`, { name: 'x', description: '', price: 1, stock: 1 }, { 'If-Match': '"7"' })).body.code).toBe('PRODUCT.VERSION_CONFLICT');
    const list = await http('GET', `${catalog.url}/products?pageSize=200`);
    expect(list.body.items.map((p: { productId: string }) => p.productId)).toContain(id);
    expect((await http('GET', `${catalog.url}/products/${uniqueName('none')}`)).body.code).toBe('PRODUCT.NOT_FOUND');
    expect((await http('PUT', `${catalog.url}/products/${id}`, { name: 'x', description: '', price: -1, stock: 1.5, extra: 1 })).body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['price', 'stock', 'extra']),
    );
  });

  it('adjusts stock, never below zero', async () => {
    expect((await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -25 })).body).toMatchObject({ stock: 5, version: 2 });
    const below = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -6 });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ code: 'PRODUCT.INSUFFICIENT_STOCK', errors: [{ field: 'delta' }] });
    expect((await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: 0 })).status).toBe(400);
    expect((await http('PATCH', `${catalog.url}/products/${uniqueName('none')}/stock`, { delta: 1 })).status).toBe(404);
    expect((await http('GET', `${catalog.url}/products/${id}`)).body.stock).toBe(5);
  });

  it('takes reviews, numbered per product, and publishes them keyed by product', async () => {
    const first = await http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'cust-1', rating: 5, text: 'Computes.' });
    const second = await http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'cust-2', rating: 3, text: 'Loud.' });
    expect(first.status).toBe(201);
    expect([first.body.seq, second.body.seq]).toEqual([1, 2]);
    expect((await http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'c', rating: 6, text: '' })).body.errors[0].field).toBe('rating');
    expect((await http('POST', `${catalog.url}/products/${uniqueName('none')}/reviews`, { customerId: 'c', rating: 1, text: '' })).status).toBe(404);
    const list = await http('GET', `${catalog.url}/products/${id}/reviews`);
    expect(list.body).toMatchObject({ total: 2, items: [{ rating: 5, seq: 1 }, { rating: 3, seq: 2 }] });
    const events = await waitFor(async () => {
      const records = (await readTopic(kafka, Topic.ReviewEvents)).filter((r) => r.key === id);
      return records.length === 2 ? records : undefined;
    }, { what: 'two ReviewAdded events' });
    expect(events.map((r) => JSON.parse(r.value!.toString())).map((e) => [e.type, e.aggregateId, e.aggregateVersion])).toEqual([
      ['ReviewAdded', id, 1],
      ['ReviewAdded', id, 2],
    ]);
  });
});

describe('choreography: a shipped order takes its items out of stock, exactly once', () => {
  it('ship → stock falls by the quantities; redelivery and later changes take nothing more', async () => {
    const customerId = uniqueName('shipper');
    const [p1, p2] = [uniqueName('ship-a'), uniqueName('ship-b')];
    await givenProducts(stack, [{ id: p1, price: 1, stock: 10 }, { id: p2, price: 2, stock: 1 }]);
    const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument());
    const order = await http('POST', `${orders.url}/orders`, { customerId, items: [{ productId: p1, quantity: 2 }, { productId: p2, quantity: 3 }, { productId: p1, quantity: 1 }] }, {
      'X-Customer-Min-Version': String(saved.body.version),
    });
    expect(order.status).toBe(201);
    const cancelled = await http('POST', `${orders.url}/orders`, { customerId, items: [{ productId: p1, quantity: 4 }] });
    await http('PUT', `${orders.url}/orders/${cancelled.body.orderId}/status`, { status: 'Cancelled' });
    await http('PUT', `${orders.url}/orders/${order.body.orderId}/status`, { status: 'Shipped' });

    // The handler takes one product after the other: wait for both.
    await waitFor(async () => (await http('GET', `${catalog.url}/products/${p1}`)).body.stock === 7, { what: 'stock of p1 to fall to 7' });
    await waitFor(async () => (await http('GET', `${catalog.url}/products/${p2}`)).body.stock === 0, { what: 'stock of p2 to fall to 0' });

    await http('PUT', `${orders.url}/orders/${order.body.orderId}/status`, { status: 'Delivered' });
    const shipped = (await readTopic(kafka, Topic.OrderEvents)).find(
      (r) => r.key === order.body.orderId && JSON.parse(r.value!.toString()).payload.order.status === 'Shipped',
    )!;
    const processed = () => metricValue(catalog.url, 'kafka_consumer_messages_total', { topic: Topic.OrderEvents, outcome: 'processed' });
    const before = await processed();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: Topic.OrderEvents, messages: [{ key: shipped.key, value: shipped.value, headers: shipped.headers }] });
    await producer.disconnect();
    await waitFor(async () => (await processed()) >= before + 1, { what: 'the redelivered shipment to be handled' });
    expect((await http('GET', `${catalog.url}/products/${p1}`)).body.stock).toBe(7);
    expect((await http('GET', `${catalog.url}/products/${p2}`)).body.stock).toBe(0);
  });
});

describe('choreography: stock is taken once per (order, product), whatever the offsets', () => {
  const mongo = new MongoClient(stack.infra.mongoUrl);
  const products = () => mongo.db(stack.catalogDb).collection<{ _id: string; stock: number; version: number }>('products');
  const stockOf = async (id: string): Promise<number> => (await http('GET', `${catalog.url}/products/${id}`)).body.stock;
  const processed = () => metricValue(catalog.url, 'kafka_consumer_messages_total', { topic: Topic.OrderEvents, outcome: 'processed' });
  const resend = async (orderId: string) => {
    const record = (await readTopic(kafka, Topic.OrderEvents)).find((r) => r.key === orderId && JSON.parse(r.value!.toString()).payload.order.status === 'Shipped')!;
    const before = await processed();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: Topic.OrderEvents, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    await producer.disconnect();
    await waitFor(async () => (await processed()) >= before + 1, { what: `the resent shipment of ${orderId} to be handled` });
  };
  const placeOrder = async (items: { productId: string; quantity: number }[]) => {
    const customerId = uniqueName('taker');
    const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument());
    const order = await http('POST', `${orders.url}/orders`, { customerId, items }, { 'X-Customer-Min-Version': String(saved.body.version) });
    expect(order.status).toBe(201);
    return order.body.orderId as string;
  };

  beforeAll(() => mongo.connect());
  afterAll(() => mongo.close());

  it('a resend after a partial take (the first product taken, then a crash) takes only what is left, then nothing', async () => {
    const [p1, p2] = [uniqueName('part-a'), uniqueName('part-b')];
    await givenProducts(stack, [{ id: p1, price: 1, stock: 10 }, { id: p2, price: 1, stock: 10 }]);
    const orderId = await placeOrder([{ productId: p1, quantity: 2 }, { productId: p2, quantity: 3 }]);
    // What a catalog killed after its first product's write leaves: p1 taken with its take recorded, p2 not, no done mark.
    await products().updateOne({ _id: p1 }, { $inc: { stock: -2, version: 1 }, $set: { [`stockTakes.${orderId}`]: { orderId, quantity: 2, taken: 2, at: new Date().toISOString() } } });
    await http('PUT', `${orders.url}/orders/${orderId}/status`, { status: 'Shipped' });
    await waitFor(async () => (await stockOf(p2)) === 7, { what: 'p2 to be taken' });
    await waitFor(async () => (await mongo.db(stack.catalogDb).collection('shipped_orders').countDocuments({ _id: orderId as never })) === 1, { what: 'the order marked done' });
    expect(await stockOf(p1)).toBe(8);
    await resend(orderId);
    expect([await stockOf(p1), await stockOf(p2)]).toEqual([8, 7]);
    // Done orders leave no takes behind on the products.
    expect(await products().countDocuments({ _id: { $in: [p1, p2] }, [`stockTakes.${orderId}`]: { $exists: true } })).toBe(0);
  });

  it('a shipment is taken even when stored offsets say the partitions were read far beyond (a recreated topic)', async () => {
    const p = uniqueName('recreated');
    await givenProducts(stack, [{ id: p, price: 1, stock: 10 }]);
    // What catalog stored before this change: per order-events partition the offset of the last shipment.
    const legacy = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(i), 1_000_000_000]));
    await products().updateOne({ _id: p }, { $set: { shipmentOffsets: legacy } });
    const orderId = await placeOrder([{ productId: p, quantity: 4 }]);
    await http('PUT', `${orders.url}/orders/${orderId}/status`, { status: 'Shipped' });
    await waitFor(async () => (await stockOf(p)) === 6, { what: 'the shipment to be taken despite the stored offsets' });
    await resend(orderId);
    expect(await stockOf(p)).toBe(6);
  });
});

describe('Idempotency-Key on PATCH /products/{id}/stock and POST /orders', () => {
  const key = () => uniqueName('idem');

  it('PATCH stock: the same key and body twice → the same answer and one stock change', async () => {
    const id = uniqueName('idem-stock');
    await givenProducts(stack, [{ id, price: 1, stock: 10 }]);
    const k = key();
    const first = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -3 }, { 'Idempotency-Key': k });
    const again = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -3 }, { 'Idempotency-Key': k });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await http('GET', `${catalog.url}/products/${id}`)).body).toMatchObject({ stock: 7, version: 2 });

    const other = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -4 }, { 'Idempotency-Key': k });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    // A key is per operation: the same key names another request on another product.
    expect((await http('PATCH', `${catalog.url}/products/${uniqueName('idem-other')}/stock`, { delta: -3 }, { 'Idempotency-Key': k })).body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await http('GET', `${catalog.url}/products/${id}`)).body.stock).toBe(7);
  });

  it('PATCH stock: concurrent requests with one key apply once (the others: the same answer or 409 IDEMPOTENCY.IN_PROGRESS)', async () => {
    const id = uniqueName('idem-race');
    await givenProducts(stack, [{ id, price: 1, stock: 100 }]);
    const k = key();
    const answers = await Promise.all(Array.from({ length: 8 }, () => http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -1 }, { 'Idempotency-Key': k })));
    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 409);
    expect(ok.length + busy.length).toBe(8);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    ok.forEach((a) => expect(a.body).toEqual(ok[0].body));
    busy.forEach((a) => {
      expect(a.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
      expect(a.headers.get('retry-after')).toBe('1');
    });
    expect((await http('GET', `${catalog.url}/products/${id}`)).body).toMatchObject({ stock: 99, version: 2 });
    expect((await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -1 }, { 'Idempotency-Key': k })).body).toEqual(ok[0].body);
  });

  it('PATCH stock: a refused request keeps its answer (404); a conflict (409) releases the key; bad keys are 400', async () => {
    const missing = uniqueName('idem-none');
    const k404 = key();
    const first = await http('PATCH', `${catalog.url}/products/${missing}/stock`, { delta: 1 }, { 'Idempotency-Key': k404 });
    const again = await http('PATCH', `${catalog.url}/products/${missing}/stock`, { delta: 1 }, { 'Idempotency-Key': k404 });
    expect([first.status, again.status]).toEqual([404, 404]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const id = uniqueName('idem-409');
    await givenProducts(stack, [{ id, price: 1, stock: 1 }]);
    const k409 = key();
    expect((await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -2 }, { 'Idempotency-Key': k409 })).body.code).toBe('PRODUCT.INSUFFICIENT_STOCK');
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: 5 });
    const retried = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -2 }, { 'Idempotency-Key': k409 });
    expect(retried.status).toBe(200);
    expect(retried.body.stock).toBe(4);

    for (const bad of ['', 'x'.repeat(129), 'a b', 'k1,k2', 'a/b']) {
      const res = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: 1 }, { 'Idempotency-Key': bad });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'REQUEST.BAD_HEADER', errors: [{ field: 'Idempotency-Key' }] });
    }
    expect((await http('GET', `${catalog.url}/products/${id}`)).body.stock).toBe(4);
  });

  it('POST /orders: the same key and body twice → the same order (one order, one event); another body → 422', async () => {
    const customerId = uniqueName('idem-buyer');
    const p = uniqueName('idem-item');
    await givenProducts(stack, [{ id: p, price: 3 }]);
    const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument());
    const body = { customerId, items: [{ productId: p, quantity: 2 }] };
    const headers = { 'X-Customer-Min-Version': String(saved.body.version), 'Idempotency-Key': key() };
    const first = await http('POST', `${orders.url}/orders`, body, headers);
    const again = await http('POST', `${orders.url}/orders`, { items: [{ quantity: 2, productId: p }], customerId }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(`/orders/${first.body.orderId}`);
    expect(again.headers.get('etag')).toBe('"1"');
    const other = await http('POST', `${orders.url}/orders`, { ...body, items: [{ productId: p, quantity: 3 }] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const list = await http('GET', `${orders.url}/orders?customerId=${customerId}`);
    expect(list.body.total).toBe(1);
    const placed = await waitFor(async () => {
      // Keyed by order id: the topic is shared with other suites, which also write poison records to it.
      const records = (await readTopic(kafka, Topic.OrderEvents)).filter((r) => r.key === first.body.orderId);
      return records.length > 0 ? records : undefined;
    }, { what: 'the order event' });
    expect(placed).toHaveLength(1);
    expect(JSON.parse(placed[0].value!.toString()).payload.order.customerId).toBe(customerId);
  });
});
