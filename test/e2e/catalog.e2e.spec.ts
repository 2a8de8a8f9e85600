import { Topic } from '@app/contracts';
import { customerDocument, metricValue, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { givenProducts, http, useRunningStack } from './stack';

const stack = useRunningStack(4131);
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
