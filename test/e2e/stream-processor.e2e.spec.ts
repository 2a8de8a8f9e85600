import { Topic } from '@app/contracts';
import { customerDocument, metricValue, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { givenProducts, http, useRunningStack } from './stack';

const DELAY_MS = 2000;
const stack = useRunningStack({ streams: { DELAYED_ORDER_AFTER_MS: String(DELAY_MS) } });
const { accounts, orders, catalog, streams } = stack;
const kafka = testKafka(stack.infra.kafkaBrokers);

const entry = (id: string) => http('GET', `${streams.url}/catalogue/${id}`);
const alertOf = async (type: string, subjectId: string) =>
  (await http('GET', `${streams.url}/alerts?type=${type}&status=all&pageSize=200`)).body.items.find((a: { subjectId: string }) => a.subjectId === subjectId);
/** Distinct by event id: another stream processor on the same topics (a rebuild, `make up`) derives the very same events. */
const stockAlertEvents = async (productId: string) => {
  const events = (await readTopic(kafka, Topic.StockAlerts)).filter((r) => r.key === productId).map((r) => JSON.parse(r.value!.toString()));
  return [...new Map(events.map((e) => [e.eventId, e])).values()];
};

async function placeOrder(tier: string, items: { productId: string; quantity: number }[]) {
  const customerId = uniqueName(`c-${tier}`);
  const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument({ tier }));
  const order = await http('POST', `${orders.url}/orders`, { customerId, items }, { 'X-Customer-Min-Version': String(saved.body.version) });
  expect(order.status).toBe(201);
  return order.body;
}

describe('stream processor: catalogue view', () => {
  it('joins product fields and review statistics, counting each review once', async () => {
    const id = uniqueName('cat');
    await http('PUT', `${catalog.url}/products/${id}`, { name: 'Loom', description: 'Jacquard', price: 120, stock: 30 });
    for (const rating of [5, 4, 4]) await http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'c1', rating, text: 'ok' });
    const view = await waitFor(async () => {
      const res = await entry(id);
      return res.status === 200 && res.body.reviewCount === 3 ? res.body : undefined;
    }, { what: 'catalogue entry with 3 reviews' });
    expect(view).toMatchObject({ productId: id, name: 'Loom', price: 120, stock: 30, stockLevel: 'Ok', reviewCount: 3, averageRating: 13 / 3, productVersion: 1 });
    const list = await http('GET', `${streams.url}/catalogue?pageSize=200`);
    expect(list.body.total).toBeGreaterThan(0);
    expect((await entry(uniqueName('none'))).body.code).toBe('CATALOGUE.NOT_FOUND');
  });

  it('counts every review of a burst once, though the relay may publish them out of order', async () => {
    const id = uniqueName('burst');
    await http('PUT', `${catalog.url}/products/${id}`, { name: 'Shuttle', description: 'burst', price: 9, stock: 30 });
    const ratings = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 5, 5];
    const posted = await Promise.all(ratings.map((rating) => http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'c1', rating, text: 'burst' })));
    expect(posted.map((r) => r.status)).toEqual(ratings.map(() => 201));
    const view = await waitFor(async () => {
      const res = await entry(id);
      return res.status === 200 && res.body.reviewCount === ratings.length ? res.body : undefined;
    }, { what: `catalogue entry with ${ratings.length} reviews` });
    expect(view.averageRating).toBe(ratings.reduce((a, b) => a + b, 0) / ratings.length);
  });
});

describe('stream processor: stock alerts and business events', () => {
  it('opens and closes low/critical alerts and publishes an event only when a threshold is crossed', async () => {
    const id = uniqueName('stk');
    await http('PUT', `${catalog.url}/products/${id}`, { name: 'Gear', description: '', price: 2, stock: 30 });
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -12 }); // 18: Low
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -1 }); // 17: still Low
    await waitFor(async () => (await alertOf('low-stock', id))?.active === true, { what: 'low-stock alert' });
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -14 }); // 3: Critical
    await waitFor(async () => (await alertOf('critical-stock', id))?.active === true, { what: 'critical-stock alert' });
    const low = await alertOf('low-stock', id);
    expect(low).toMatchObject({ active: false, details: { level: 'Low' } });
    expect((await alertOf('critical-stock', id)).details).toMatchObject({ level: 'Critical', stock: 3 });
    expect(low.history).toHaveLength(1);
    expect(low.history[0].closedAt).not.toBeNull();
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: 40 }); // 43: recovered
    await waitFor(async () => (await alertOf('critical-stock', id))?.active === false, { what: 'critical-stock alert to close' });
    const events = await waitFor(async () => {
      const found = await stockAlertEvents(id);
      return found.length >= 3 ? found : undefined;
    }, { what: 'three stock alert events' });
    expect(events.map((e) => [e.type, e.payload.previousLevel, e.payload.level, e.payload.stock, e.aggregateVersion])).toEqual([
      ['LowStock', 'Ok', 'Low', 18, 2],
      ['CriticalStock', 'Low', 'Critical', 3, 4],
      ['StockRecovered', 'Critical', 'Ok', 43, 5],
    ]);
    const active = await http('GET', `${streams.url}/alerts?type=critical-stock`);
    expect(active.body.items.every((a: { active: boolean }) => a.active)).toBe(true);
    expect((await http('GET', `${streams.url}/alerts?type=bogus`)).status).toBe(400);
  });
});

describe('stream processor: order alerts', () => {
  it('flags a Processing order whose item exceeds current stock, and clears it when stock returns', async () => {
    const pid = uniqueName('risk');
    await givenProducts(stack, [{ id: pid, price: 5, stock: 5 }]);
    const order = await placeOrder('Silver', [{ productId: pid, quantity: 4 }]);
    await waitFor(async () => (await alertOf('order-at-risk', order.orderId)) === undefined && (await entry(pid)).status === 200, { what: 'the product in the view' });
    await http('PATCH', `${catalog.url}/products/${pid}/stock`, { delta: -3 }); // 2 < 4
    const risk = await waitFor(async () => {
      const a = await alertOf('order-at-risk', order.orderId);
      return a?.active ? a : undefined;
    }, { what: 'order-at-risk alert' });
    expect(risk.details.shortItems).toEqual([{ productId: pid, quantity: 4, stock: 2 }]);
    await http('PATCH', `${catalog.url}/products/${pid}/stock`, { delta: 10 });
    await waitFor(async () => (await alertOf('order-at-risk', order.orderId))?.active === false, { what: 'order-at-risk alert to close' });
  });

  it("opens a delayed alert for a Gold customer's order still Processing after the delay, without any further event", async () => {
    const pid = uniqueName('gold');
    await givenProducts(stack, [{ id: pid, price: 5, stock: 100 }]);
    const gold = await placeOrder('Gold', [{ productId: pid, quantity: 1 }]);
    const silver = await placeOrder('Silver', [{ productId: pid, quantity: 1 }]);
    const delayed = await waitFor(async () => {
      const a = await alertOf('delayed-gold-order', gold.orderId);
      return a?.active ? a : undefined;
    }, { what: 'delayed-gold-order alert', timeoutMs: 20_000 });
    expect(delayed.openedAt).toBe(new Date(Date.parse(gold.placedAt) + DELAY_MS).toISOString());
    expect(await alertOf('delayed-gold-order', silver.orderId)).toBeUndefined();
    await http('PUT', `${orders.url}/orders/${gold.orderId}/status`, { status: 'Shipped' });
    const closed = await waitFor(async () => {
      const a = await alertOf('delayed-gold-order', gold.orderId);
      return a && !a.active ? a : undefined;
    }, { what: 'delayed alert to close' });
    expect(closed.history).toEqual([{ openedAt: delayed.openedAt, closedAt: closed.closedAt }]);
  });
});

describe('stream processor: stream history, failure policy, lag', () => {
  it("reads one aggregate's events in version order", async () => {
    const id = uniqueName('hist');
    await http('PUT', `${catalog.url}/products/${id}`, { name: 'Cog', description: '', price: 1, stock: 50 });
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -1 });
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -1 });
    await http('POST', `${catalog.url}/products/${id}/reviews`, { customerId: 'c', rating: 3, text: '' });
    const events = await waitFor(async () => {
      const res = await http('GET', `${streams.url}/streams/${id}/events`);
      return res.body.events.length === 4 ? res.body.events : undefined;
    }, { what: 'four indexed events' });
    expect(events.map((e: { stream: string; aggregateVersion: number; type: string }) => [e.stream, e.aggregateVersion, e.type])).toEqual([
      ['product', 1, 'ProductChanged'],
      ['product', 2, 'ProductChanged'],
      ['product', 3, 'ProductChanged'],
      ['review', 1, 'ReviewAdded'],
    ]);
    const onlyProduct = await http('GET', `${streams.url}/streams/${id}/events?stream=product&fromVersion=2`);
    expect(onlyProduct.body.events.map((e: { aggregateVersion: number }) => e.aggregateVersion)).toEqual([2, 3]);
    expect((await http('GET', `${streams.url}/streams/${id}/events?limit=0`)).status).toBe(400);
  });

  it('dead-letters poison records with the reason and source offset, and goes on', async () => {
    const key = uniqueName('poison');
    const producer = kafka.producer();
    await producer.connect();
    const valid = {
      eventId: uniqueName('evt'), type: 'LowStock', schemaVersion: 1, aggregateId: key, aggregateVersion: 1, occurredAt: new Date().toISOString(), correlationId: 'c',
      payload: { productId: key, productName: 'P', stock: 10, previousLevel: 'Ok', level: 'Low', lowThreshold: 20, criticalThreshold: 5 },
    };
    await producer.send({
      topic: Topic.StockAlerts,
      messages: [
        { key, value: '{not json' },
        { key, value: JSON.stringify({ ...valid, eventId: uniqueName('evt'), type: 'Mystery' }) },
        { key, value: JSON.stringify({ ...valid, eventId: uniqueName('evt'), payload: { productId: key } }) },
        { key, value: JSON.stringify(valid) },
      ],
    });
    await producer.disconnect();
    await waitFor(async () => (await alertOf('low-stock', key))?.active === true, { what: 'the valid event after the poison' });
    const dead = await waitFor(async () => {
      const records = (await readTopic(kafka, Topic.StreamsDeadLetter)).filter((r) => r.key === key && r.headers['dlq-consumer-group'] === `${stack.streamsGroup}.alerts`);
      return records.length === 3 ? records : undefined;
    }, { what: 'three dead letters from the alerts view' });
    expect(dead.map((r) => r.headers['dlq-code']).sort()).toEqual(['BAD_JSON', 'INVALID_SCHEMA', 'UNKNOWN_TYPE']);
    for (const r of dead) {
      expect(r.headers['dlq-source-topic']).toBe(Topic.StockAlerts);
      expect(Number(r.headers['dlq-source-offset'])).toBeGreaterThanOrEqual(0);
      expect(r.headers['dlq-reason'].length).toBeGreaterThan(0);
    }
  });

  it('reports per-view lag and last event time in /health and /metrics', async () => {
    const health = await waitFor(async () => {
      const res = await http('GET', `${streams.url}/health`);
      return res.body.info?.views?.catalogue?.lag === 0 ? res.body : undefined;
    }, { what: 'catalogue lag 0 in /health' });
    for (const view of ['catalogue', 'alerts', 'history']) {
      expect(health.info.views[view]).toEqual(expect.objectContaining({ lag: expect.any(Number), lastEventAt: expect.any(String) }));
    }
    expect(await metricValue(streams.url, 'stream_view_lag_messages', { view: 'catalogue' })).toBe(0);
    expect(await metricValue(streams.url, 'stream_view_last_event_timestamp_seconds', { view: 'alerts' })).toBeGreaterThan(1.7e9);
    // One record of catalog.product.events is applied to all three views (fetched and decoded once).
    for (const view of ['catalogue', 'alerts', 'history']) expect(await metricValue(streams.url, 'stream_view_events_applied_total', { view, topic: Topic.ProductEvents })).toBeGreaterThan(0);
    expect(await metricValue(streams.url, 'stream_view_events_applied_total', { view: 'catalogue', topic: Topic.OrderEvents })).toBe(0);
  });
});
