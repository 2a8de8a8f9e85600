import { customerDocument, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import { runReplay, streamsCaughtUp } from './replay-cli';
import { givenProducts, http, useRunningStack } from './stack';

/**
 * Disaster recovery: with data in every service and view, every MongoDB database is lost; the replay of
 * everything from the topics brings every read endpoint back to the very same JSON — the services'
 * own records, the orders replicas and the views, time-based alerts included (decided on event time).
 */
const DELAY_MS = 2000;
const streamsEnv = { DELAYED_ORDER_AFTER_MS: String(DELAY_MS), GENERATION_POLL_MS: '200' };
const stack = useRunningStack({ streams: streamsEnv });
const { accounts, orders, catalog, streams } = stack;
const mongo = new MongoClient(stack.infra.mongoUrl);

const alertOf = async (type: string, subjectId: string) =>
  (await http('GET', `${streams.url}/alerts?type=${type}&subjectId=${subjectId}&status=all`)).body.items[0];

async function placeOrder(tier: string, productId: string, quantity: number) {
  const customerId = uniqueName(`c-${tier}`);
  const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument({ tier }));
  const order = await http('POST', `${orders.url}/orders`, { customerId, items: [{ productId, quantity }] }, { 'X-Customer-Min-Version': String(saved.body.version) });
  expect(order.status).toBe(201);
  return order.body as { orderId: string; customerId: string };
}

beforeAll(async () => {
  await mongo.connect();
  await streamsCaughtUp(streams.url);
}, 620_000);
afterAll(() => mongo.close());

describe('replay: disaster recovery', () => {
  it('after every database is dropped, the replay of everything restores every read endpoint exactly', async () => {
    const stocked = uniqueName('dis-stock');
    await http('PUT', `${catalog.url}/products/${stocked}`, { name: 'Bobbin', description: 'disaster', price: 7, stock: 30 });
    for (const [i, rating] of [5, 3].entries()) {
      await http('POST', `${catalog.url}/products/${stocked}/reviews`, { customerId: 'c1', rating, text: 'ok' });
      await waitFor(async () => (await http('GET', `${streams.url}/catalogue/${stocked}`)).body.reviewCount === i + 1, { what: 'the review in the view', timeoutMs: 60_000 });
    }
    await http('PATCH', `${catalog.url}/products/${stocked}/stock`, { delta: -15 }); // Low
    await http('PATCH', `${catalog.url}/products/${stocked}/stock`, { delta: -12 }); // Critical
    await waitFor(async () => (await alertOf('critical-stock', stocked))?.active === true, { what: 'the critical-stock alert', timeoutMs: 60_000 });

    const risky = uniqueName('dis-risk');
    await givenProducts(stack, [{ id: risky, price: 5, stock: 5 }]);
    const silver = await placeOrder('Silver', risky, 4);
    await waitFor(async () => (await http('GET', `${streams.url}/streams/${silver.orderId}/events`)).body.events?.length === 1, { what: 'the order in the views', timeoutMs: 60_000 });
    await http('PATCH', `${catalog.url}/products/${risky}/stock`, { delta: -3 });
    await waitFor(async () => (await alertOf('order-at-risk', silver.orderId))?.active === true, { what: 'the at-risk alert', timeoutMs: 60_000 });
    await http('PATCH', `${catalog.url}/products/${risky}/stock`, { delta: 10 });
    await waitFor(async () => (await alertOf('order-at-risk', silver.orderId))?.active === false, { what: 'the at-risk alert to close', timeoutMs: 60_000 });

    const gold = await placeOrder('Gold', risky, 1);
    await waitFor(async () => (await alertOf('delayed-gold-order', gold.orderId))?.active === true, { what: 'the delayed alert (timer)', timeoutMs: 60_000 });
    await http('PUT', `${orders.url}/orders/${gold.orderId}/status`, { status: 'Shipped' });
    await waitFor(async () => (await alertOf('delayed-gold-order', gold.orderId))?.active === false, { what: 'the delayed alert to close', timeoutMs: 60_000 });
    // The shipment takes its item out of stock (12 - 1): settled in catalog before the views are read.
    await waitFor(async () => (await http('GET', `${catalog.url}/products/${risky}`)).body.stock === 11, { what: 'the shipped item out of stock', timeoutMs: 60_000 });
    await streamsCaughtUp(streams.url);

    const streamsPaths = [
      `/catalogue/${stocked}`,
      `/catalogue/${risky}`,
      ...[stocked, risky, silver.orderId, gold.orderId].map((id) => `/alerts?subjectId=${id}&status=all`),
      ...[stocked, risky, silver.orderId, gold.orderId, silver.customerId, gold.customerId].map((id) => `/streams/${id}/events`),
    ];
    const endpoints: [string, string][] = [
      ...streamsPaths.map((p): [string, string] => ['streams', p]),
      ...[silver.customerId, gold.customerId].map((id): [string, string] => ['accounts', `/customers/${id}`]),
      ...[stocked, risky].flatMap((id): [string, string][] => [['catalog', `/products/${id}`], ['catalog', `/products/${id}/reviews`]]),
      ...[silver.orderId, gold.orderId].map((id): [string, string] => ['orders', `/orders/${id}`]),
      ...[`/product-replicas/${risky}`, `/customer-replicas/${silver.customerId}`, `/customer-replicas/${gold.customerId}`].map((p): [string, string] => ['orders', p]),
    ];
    const urls: Record<string, string> = { streams: streams.url, accounts: accounts.url, catalog: catalog.url, orders: orders.url };
    const read = async () =>
      Object.fromEntries(
        await Promise.all(
          endpoints.map(async ([service, path]) => {
            const res = await http('GET', `${urls[service]}${path}`);
            expect({ path, status: res.status }).toEqual({ path, status: 200 });
            return [`${service}${path}`, res.body];
          }),
        ),
      );
    const before = await read();
    expect(before[`streams/alerts?subjectId=${silver.orderId}&status=all`].items).toHaveLength(1);
    expect(before[`orders/product-replicas/${risky}`]).toMatchObject({ productId: risky });
    expect(before[`streams/alerts?subjectId=${gold.orderId}&status=all`].items[0].history).toHaveLength(1);
    expect(before[`catalog/products/${stocked}/reviews`].items).toHaveLength(2);
    expect(before[`orders/orders/${gold.orderId}`]).toMatchObject({ status: 'Shipped' });

    // The services stop (their committed offsets stay in Kafka), every database goes.
    await Promise.all([streams, orders, catalog, accounts].map((s) => s.stop()));
    for (const db of [stack.streamsDb, stack.ordersDb, stack.catalogDb, stack.accountsDb]) await mongo.db(db).dropDatabase();
    const { code, output } = await runReplay(['all'], stack, streamsEnv);
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const target of ['accounts', 'catalog', 'orders']) expect(output).toContain(`${target}: restored`);
    for (const target of ['catalogue', 'alerts', 'history', 'replicas']) expect(output).toContain(`${target}: pointer switched 0 -> 1`);

    await Promise.all([accounts.start(), catalog.start(), orders.start(), streams.start(streamsEnv)]);
    await streamsCaughtUp(streams.url);
    expect(await read()).toEqual(before);
  }, 900_000);
});
