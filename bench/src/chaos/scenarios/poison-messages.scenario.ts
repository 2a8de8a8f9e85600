import { waitFor } from '@app/testing/wait-for';
import { sharedViewsGroupId, viewBaseGroup, viewsReading } from '../../../../apps/stream-processor/src/views/view-projector';
import { ChaosContext } from '../chaos-context';
import { DeadLetter, deadLettersOf } from '../checks/dead-letters';
import { aggregatesOf } from '../checks/event-ledger';
import { groupLags } from '../checks/group-lag';
import { replicaMisses } from '../checks/replica-misses';
import { shippedUnits } from '../checks/shipped-stock';
import { ChaosService, startAll, stopAll } from '../infra/chaos-service';
import { benchProducer } from '../../infra/kafka';
import { acknowledged, tally } from '../load/command-outcome';
import { EXPECTED_CODE, poisonRecord, PoisonRecord } from '../load/poison-records';
import { ShopWorkload } from '../load/shop-workload';
import { sleep, SteadyLoad } from '../load/steady-load';
import { check, none, ScenarioResult } from '../report/scenario-result';

const INITIAL_STOCK = 1_000_000;

/**
 * Malformed records (bad JSON, unknown type, missing fields, a future schema version, oversized) put on
 * every topic the services consume, mixed into real traffic. Every consumer group reading a topic must
 * dead-letter each of its poison records with a reason, dead-letter nothing else, reach lag 0 (no
 * stall), and its views must be right: replicas, stock, catalogue.
 */
/**
 * The groups whose dead letters a group reading `topic` writes: the stream processor's views share one
 * group (`<prefix>.views`) and dead-letter in the name of each view that reads the topic (`<prefix>.<view>`).
 */
function letterGroups(group: string, topic: string): string[] {
  const prefix = group.endsWith('.views') ? group.slice(0, -'.views'.length) : undefined;
  return prefix !== undefined && sharedViewsGroupId(prefix) === group ? viewsReading(topic).map((view) => viewBaseGroup(prefix, view)) : [group];
}

export async function poisonMessages(ctx: ChaosContext): Promise<ScenarioResult> {
  const { messages, seconds } = ctx.scale.poison;
  const id = 'poison';
  const startedAt = new Date();
  const streams = await ChaosService.create(ctx, 'stream-processor', id, { LAG_INTERVAL_MS: '500' });
  const [catalog, accounts, orders] = await Promise.all(['catalog', 'accounts', 'orders'].map((app) => ChaosService.create(ctx, app as 'catalog', id)));
  const services = [streams, catalog, accounts, orders];
  await startAll(services);
  const admin = ctx.kafka.admin();
  await admin.connect();
  const producer = benchProducer(ctx.kafka);
  await producer.connect();
  try {
    const prefix = `${ctx.runTag}-${id}`;
    const workload = new ShopWorkload({ accounts: accounts.url, orders: orders.url, catalog: catalog.url }, prefix, ctx.scale.load.requestTimeoutMs, INITIAL_STOCK, 2.5, 4);
    await workload.prepare();
    const load = new SteadyLoad(ctx.scale.load, (n) => workload.command(n));
    load.start();
    const poison: PoisonRecord[] = Array.from({ length: messages }, (_, i) => poisonRecord(prefix, i));
    const rounds = 10;
    for (let r = 0; r < rounds; r++) {
      // One request per record: a batch of oversized ones would be over the broker's request limit.
      for (const p of poison.slice((r * messages) / rounds, ((r + 1) * messages) / rounds)) {
        await producer.send({ topic: p.topic, acks: -1, messages: [{ key: p.key, value: p.value }] });
      }
      await sleep((seconds * 1000) / rounds);
    }
    const outcomes = await load.stop();

    const groupPrefix = `chaos-${ctx.runTag}_${id}`;
    let lags = await groupLags(admin, groupPrefix);
    const settled = await waitFor(async () => {
      lags = await groupLags(admin, groupPrefix);
      return [...lags.values()].every((topics) => [...topics.values()].every((lag) => lag === 0)) ? true : undefined;
    }, { timeoutMs: 300_000, intervalMs: 2000, what: 'every consumer group at lag 0' }).catch(() => false);
    const deadLetters = await deadLettersOf(ctx.kafka, groupPrefix);
    const byKeyAndGroup = new Map<string, DeadLetter>(deadLetters.map((d) => [`${d.key}|${d.group}`, d]));
    const missing: string[] = [];
    const wrongCode: string[] = [];
    let expectedLetters = 0;
    for (const p of poison) {
      const readers = [...lags].filter(([, topics]) => topics.has(p.topic)).flatMap(([group]) => letterGroups(group, p.topic));
      for (const group of readers) {
        expectedLetters++;
        const letter = byKeyAndGroup.get(`${p.key}|${group}`);
        if (!letter) missing.push(`${p.kind} on ${p.topic} for ${group}`);
        else if (!EXPECTED_CODE[p.kind].includes(letter.code) || letter.reason.length === 0) wrongCode.push(`${p.kind}: ${letter.code} "${letter.reason}"`);
      }
    }
    // This run's real events: the topics may also hold earlier tests' poison, which these new groups dead-letter too.
    const ownAggregates = new Set([workload.productId, ...aggregatesOf(outcomes)]);
    const unpoisoned = deadLetters.filter((d) => d.key !== null && ownAggregates.has(d.key));
    const placed = new Set(outcomes.filter((o) => o.op === 'order' && acknowledged(o) && o.aggregateId).map((o) => o.aggregateId!));
    const expectedStock = INITIAL_STOCK - (await shippedUnits(ctx.kafka, placed, workload.productId));
    const stocks = async () => ({
      catalog: ((await (await fetch(`${catalog.url}/products/${workload.productId}`)).json()) as { stock?: unknown }).stock,
      catalogue: ((await ctx.mongo.db(streams.db).collection<{ _id: string; stock?: number }>('catalogue').findOne({ _id: workload.productId })) ?? {}).stock,
    });
    let seen = await stocks();
    await waitFor(async () => {
      seen = await stocks();
      return seen.catalog === expectedStock && seen.catalogue === expectedStock;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'stock in the catalog and the catalogue view' }).catch(() => undefined);
    const misses = await replicaMisses(orders.url, outcomes);
    return {
      id,
      title: `Poison: ${messages.toLocaleString('en-GB')} malformed records mixed into real traffic`,
      parameters: { messages, seconds, ...ctx.scale.load },
      figures: {
        'poison records': poison.length,
        'consumer groups': lags.size,
        'dead letters expected (record × group reading its topic)': expectedLetters,
        'dead letters found': deadLetters.filter((d) => d.key?.startsWith(`${prefix}-poison-`)).length,
        commands: outcomes.length,
        outcomes: JSON.stringify(tally(outcomes)),
        'stock: catalog / catalogue view / from the events': `${String(seen.catalog)} / ${String(seen.catalogue)} / ${expectedStock}`,
      },
      checks: [
        check('every consumer group at lag 0 afterwards (none stalled)', settled === true, JSON.stringify(Object.fromEntries([...lags].map(([g, t]) => [g, Object.fromEntries(t)])))),
        check('the groups read the poisoned topics (the check is not vacuous)', expectedLetters >= poison.length, `${expectedLetters} expected dead letters`),
        none('every poison record dead-lettered by every group that reads its topic', missing),
        none('each with the right code and a reason', wrongCode),
        none('no real event dead-lettered', unpoisoned.map((d) => `${d.group}: ${d.code} ${d.reason}`)),
        check('stock right in the catalog and the catalogue view', seen.catalog === expectedStock && seen.catalogue === expectedStock, JSON.stringify(seen)),
        none('the orders replicas reached every acknowledged customer version', misses),
      ],
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    };
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await stopAll(services);
  }
}
