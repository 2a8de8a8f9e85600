import { Topic } from '@app/contracts';
import { readTopic, waitFor } from '@app/testing';
import { AssignerProtocol } from 'kafkajs';
import { ADJUSTMENTS, caughtUp, generate, kafka, ORDERS, processor, produce, PRODUCTS, REVIEWS, views } from './stream-processor-workload';

/**
 * Scale-out: two stream processors in one consumer group share every view's partitions (partition N of
 * each topic a view reads goes to one of them), the alerts view judging orders against the global stock
 * table. One is SIGKILLed while both work through the events, the other takes its partitions over, and
 * every view must end as the events say: no review counted twice, each stock crossing published once,
 * the at-risk and delayed-order alerts of the orders whichever instance owned them.
 */
const { run, T0, records, expected } = generate('scale');
const db = `scaled_${run}`;
// A member that is gone is noticed after the session timeout: short, so the survivor takes over soon.
const instance = () => processor('scaled', run, { KAFKA_SESSION_TIMEOUT_MS: '10000' });

/** Members of a view's group and how many partitions each owns. */
async function members(view: string): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([`scaled_${run}.${view}`]);
    return new Map(groups[0].members.map((m) => [m.memberId, Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat().length]));
  } finally {
    await admin.disconnect();
  }
}

describe('stream processor scaled out to two instances', () => {
  const a = instance();
  const b = instance();
  afterAll(async () => {
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  });

  it(`shares the partitions, survives one SIGKILLed under load, and ends with the views the events make (${records.length} source events)`, async () => {
    const expectedIndexed = records.length + expected.crossings.length;
    const half = Math.floor(records.length / 2);
    await produce(records.slice(0, half));
    await Promise.all([a.start(), b.start()]);
    // Both hold partitions of every view before one dies.
    await waitFor(async () => {
      const groups = await Promise.all(['catalogue', 'alerts', 'history'].map(members));
      return groups.every((g) => g.size === 2 && [...g.values()].every((owned) => owned > 0)) ? true : undefined;
    }, { timeoutMs: 60_000, what: 'two members with partitions in each view group' });
    // Under load: the second half arrives while both work, and one is killed in the middle of it.
    const producing = produce(records.slice(half));
    await waitFor(async () => ((await views(db, run)).catalogue.length > PRODUCTS / 4 ? true : undefined), { timeoutMs: 60_000, what: 'some progress' });
    await b.stop('SIGKILL');
    expect(b.signal()).toBe('SIGKILL');
    await producing;

    await caughtUp(a, db, run, expectedIndexed);
    await waitFor(async () => ((await members('catalogue')).size === 1 ? true : undefined), { timeoutMs: 30_000, what: 'the killed member gone from the group' });
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
    for (const type of ['low-stock', 'critical-stock']) {
      const open = v.alerts.filter((x) => x.type === type && x.active).map((x) => x.subjectId).sort();
      expect(open).toEqual([...lastLevel].filter(([, level]) => level === (type === 'low-stock' ? 'Low' : 'Critical')).map(([id]) => id).sort());
    }
    // At-risk: exactly the orders still Processing that want more than their product's final stock.
    expect(v.alerts.filter((x) => x.type === 'order-at-risk' && x.active).map((x) => x._id).sort()).toEqual([...expected.atRisk].sort());
    // Delayed: every Gold order, once; open while still Processing.
    const delayed = v.alerts.filter((x) => x.type === 'delayed-gold-order');
    expect(delayed).toHaveLength(ORDERS / 2);
    const due = new Date(T0 + 30 * 60_000).toISOString();
    for (const alert of delayed) expect(alert.history).toEqual([{ openedAt: due, closedAt: alert.active ? null : expect.any(String) }]);
    expect(v.index).toHaveLength(expectedIndexed);
  }, 600_000);
});
