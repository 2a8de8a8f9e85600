import { envelope, ORDER_CHANGED, PRODUCT_CHANGED, Topic } from '@app/contracts';
import { readTopic, uniqueName, waitFor } from '@app/testing';
import { AssignerProtocol } from 'kafkajs';
import { VIEW_NAMES, VIEW_TOPICS, viewGroupId, ViewName } from '../../apps/stream-processor/src/views/view-projector';
import { ADJUSTMENTS, caughtUp, generate, kafka, ORDERS, processor, produce, PRODUCTS, REVIEWS, views, Workload } from './stream-processor-workload';

/**
 * Scale-out: two stream processors in one consumer group share every view's partitions (partition N of
 * each topic a view reads goes to one of them), the alerts view judging orders against the global stock
 * table. First both work through a workload and the views must be as its events make them — orders
 * owned by one instance want products owned by the other. Then a second workload arrives, one instance
 * is SIGKILLed in the middle of it, the other takes its partitions over, and the views must again be as
 * the events make them: no review counted twice, each stock crossing published once, the at-risk and
 * delayed-order alerts of every order. Last, a rebalance that leaves every partition caught up: a stock
 * change read only by the global table must still re-judge the orders of the instance that gets no batch.
 */
const first = generate('scale');
const second = generate('scale2');
const db = `scaled_${first.run}`;
// A member that is gone is noticed after the session timeout: short, so the survivor takes over soon.
const instance = () => processor('scaled', first.run, { KAFKA_SESSION_TIMEOUT_MS: '10000' });

/** Members of the group a view is consumed in (the views share one) and how many partitions of the view's topics each owns. */
async function members(view: ViewName): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([viewGroupId({ KAFKA_GROUP_ID: `scaled_${first.run}` }, view)]);
    return new Map(
      groups[0].members.map((m) => {
        const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {};
        return [m.memberId, VIEW_TOPICS[view].flatMap((topic) => assignment[topic] ?? []).length];
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/** The workload's documents in every view are what its events make, and each of its stock crossings is in the topic once. */
async function expectViewsAsGenerated({ run, T0, records, expected }: Workload): Promise<void> {
  const v = await views(db, run);
  // Each crossing published exactly once, as the records are in the topic (a resent one would be a second).
  const published = (await readTopic(kafka, Topic.StockAlerts)).filter((r) => r.key?.startsWith(`${run}-`)).map((r) => JSON.parse(r.value!.toString()));
  expect(published.map((e) => `${e.aggregateId}:${e.aggregateVersion}:${e.payload.level}`).sort()).toEqual([...expected.crossings].sort());

  expect(v.catalogue).toHaveLength(PRODUCTS);
  for (const entry of v.catalogue) {
    const ratings = expected.ratings.get(entry._id as unknown as string) ?? [];
    expect(entry).toMatchObject({ stock: expected.stock.get(entry._id as unknown as string), productVersion: ADJUSTMENTS + 1, reviewCount: REVIEWS, ratingSum: ratings.reduce((s, r) => s + r, 0) });
    expect(entry.outbox ?? []).toEqual([]);
  }
  // Stock alerts: the level of each product's last crossing is the one open.
  const lastLevel = new Map(expected.crossings.map((c) => c.split(':')).map(([id, , level]) => [id, level]));
  for (const [type, level] of [['low-stock', 'Low'], ['critical-stock', 'Critical']]) {
    const open = v.alerts.filter((x) => x.type === type && x.active).map((x) => x.subjectId).sort();
    expect(open).toEqual([...lastLevel].filter(([, l]) => l === level).map(([id]) => id).sort());
  }
  // At-risk: exactly the orders still Processing that want more than their product's final stock.
  expect(v.alerts.filter((x) => x.type === 'order-at-risk' && x.active).map((x) => x._id).sort()).toEqual([...expected.atRisk].sort());
  // Delayed: every Gold order, once; open while still Processing.
  const delayed = v.alerts.filter((x) => x.type === 'delayed-gold-order');
  expect(delayed).toHaveLength(ORDERS / 2);
  const due = new Date(T0 + 30 * 60_000).toISOString();
  for (const alert of delayed) expect(alert.history).toEqual([{ openedAt: due, closedAt: alert.active ? null : expect.any(String) }]);
  expect(v.index).toHaveLength(records.length + expected.crossings.length);
}

describe('stream processor scaled out to two instances', () => {
  const a = instance();
  const b = instance();
  afterAll(async () => {
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  });

  it(`two instances share the partitions and make the views the events make (${first.records.length} source events)`, async () => {
    await produce(first.records);
    await Promise.all([a.start(), b.start()]);
    await waitFor(async () => {
      const groups = await Promise.all(VIEW_NAMES.map(members));
      return groups.every((g) => g.size === 2 && [...g.values()].every((owned) => owned > 0)) ? true : undefined;
    }, { timeoutMs: 60_000, what: 'two members with partitions in each view group' });
    await caughtUp(a, db, first.run, first.records.length + first.expected.crossings.length);
    expect([...(await members('alerts')).values()]).toEqual([9, 9]); // still both, each with partition N of its three topics
    await expectViewsAsGenerated(first);
  }, 600_000);

  it(`survives one of them SIGKILLed under load (${second.records.length} more events)`, async () => {
    const half = Math.floor(second.records.length / 2);
    await produce(second.records.slice(0, half));
    const producing = produce(second.records.slice(half));
    await waitFor(async () => ((await views(db, second.run)).catalogue.length > PRODUCTS / 4 ? true : undefined), { timeoutMs: 60_000, what: 'some progress' });
    await b.stop('SIGKILL');
    expect(b.signal()).toBe('SIGKILL');
    await producing;
    await caughtUp(a, db, second.run, second.records.length + second.expected.crossings.length);
    await waitFor(async () => ((await members('catalogue')).size === 1 ? true : undefined), { timeoutMs: 30_000, what: 'the killed member gone from the group' });
    await expectViewsAsGenerated(second);
    await expectViewsAsGenerated(first);
  }, 600_000);

  it('a stock change after a rebalance that left both instances caught up re-judges the orders of each', async () => {
    const run = uniqueName('quiet').replace(/-/g, '_');
    const product = `${run}-p`;
    const at = (ms: number) => ({ eventId: uniqueName(`${run}-evt`), occurredAt: new Date(Date.now() - 3600_000 + ms), correlationId: run });
    const productAt = (version: number, stock: number) => ({
      topic: Topic.ProductEvents,
      event: envelope(PRODUCT_CHANGED, 1, product, version, { change: version === 1 ? 'Created' : 'StockAdjusted', product: { productId: product, name: 'P', description: '', price: 1, stock, createdAt: new Date(0).toISOString(), updatedAt: new Date(version).toISOString() } }, at(version)),
    });
    // Silver orders (no delayed-order timer) over every partition, each wanting 50 of the one product.
    const orders = Array.from({ length: 24 }, (_, o) => {
      const order = {
        orderId: `${run}-o${o}`, customerId: `c${o}`, customerName: 'C', customerTier: 'Silver', status: 'Processing' as const, items: [{ productId: product, quantity: 50, unitPrice: 1 }], total: 50,
        shippingAddress: { type: 'SHIPPING' as const, address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' }, placedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
      };
      return { topic: Topic.OrderEvents, event: envelope(ORDER_CHANGED, 1, order.orderId, 1, { change: 'Placed', order }, at(10 + o)) };
    });
    await produce([productAt(1, 100), ...orders]);
    await caughtUp(a, db, run, orders.length + 1);
    expect((await views(db, run)).alerts.filter((x) => x.type === 'order-at-risk' && x.active)).toEqual([]);

    // The second instance back: both rejoin, and every partition is committed to its end, so no batch comes.
    await b.start();
    await waitFor(async () => ([...(await members('alerts')).values()].join() === '9,9' ? true : undefined), { timeoutMs: 60_000, what: 'two members of the alerts group' });
    await produce([productAt(2, 10)]); // read as a batch by the product's owner only
    await waitFor(async () => ((await views(db, run)).alerts.filter((x) => x.type === 'order-at-risk' && x.active).length === orders.length ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: `all ${orders.length} orders at risk, on both instances`,
    });
  }, 600_000);
});
