import { waitFor } from '@app/testing/wait-for';
import { ChaosContext } from '../chaos-context';
import { aggregatesOf, readLedger, verifyAcknowledged } from '../checks/event-ledger';
import { deadLettersOf } from '../checks/dead-letters';
import { HealthSampler } from '../checks/health-sampler';
import { replicaMisses } from '../checks/replica-misses';
import { ChaosService, startAll, stopAll } from '../infra/chaos-service';
import { Server } from '../infra/server-control';
import { acknowledged, CommandOutcome, percentile, tally } from '../load/command-outcome';
import { ShopWorkload } from '../load/shop-workload';
import { sleep, SteadyLoad } from '../load/steady-load';
import { check, none, ScenarioResult } from '../report/scenario-result';

const TITLES: Record<Server, string> = {
  kafka: 'Broker outage: Kafka stopped under a steady command load',
  ferretdb: 'MongoDB outage: the MongoDB-wire server stopped under a steady command load',
};

/**
 * Accounts, orders and catalog under a steady load of customer and order commands while one server is
 * stopped for a while and started again. Whatever got a 2xx must have its event in Kafka exactly once
 * and reach the orders replicas; what was refused must have been a 503 with a code, never a hang. During
 * a MongoDB outage the services must report not-ready (they cannot write); during a broker outage they
 * must stay ready and report Kafka degraded (the outbox keeps the events). Either way they must be ready
 * again by themselves (same processes).
 */
export async function outageUnderLoad(ctx: ChaosContext, server: Server): Promise<ScenarioResult> {
  const id = server === 'kafka' ? 'broker-outage' : 'mongo-outage';
  const { scale } = ctx;
  const startedAt = new Date();
  const [catalog, accounts, orders] = await Promise.all(['catalog', 'accounts', 'orders'].map((app) => ChaosService.create(ctx, app as 'catalog', id)));
  const services = [catalog, accounts, orders];
  await startAll(services);
  const pids = services.map((s) => s.pid);
  try {
    const workload = new ShopWorkload({ accounts: accounts.url, orders: orders.url, catalog: catalog.url }, `${ctx.runTag}-${id}`, scale.load.requestTimeoutMs);
    await workload.prepare();
    const load = new SteadyLoad(scale.load, (n) => workload.command(n));
    const health = new HealthSampler(services);
    health.start();
    load.start();
    await sleep(scale.outage.warmupSeconds * 1000);
    const down = Date.now();
    await ctx.servers.stop(server);
    ctx.log(`${server} stopped; starting it again in ${scale.outage.downSeconds[server]} s`);
    await sleep(scale.outage.downSeconds[server] * 1000);
    const restarting = Date.now();
    await ctx.servers.start(server);
    const up = Date.now();
    ctx.log(`${server} is back after ${((up - down) / 1000).toFixed(1)} s; load goes on for ${scale.outage.recoverySeconds} s`);
    await sleep(scale.outage.recoverySeconds * 1000);
    const outcomes = await load.stop();
    const allReady = await waitFor(async () => ((await Promise.all(services.map((s) => s.ready()))).every(Boolean) ? Date.now() : undefined), {
      timeoutMs: 120_000, intervalMs: 250, what: 'every service ready again',
    }).catch(() => undefined);
    health.stop();

    const aggregates = aggregatesOf(outcomes);
    let ledger = await readLedger(ctx.kafka, aggregates);
    const drained = await waitFor(async () => {
      ledger = await readLedger(ctx.kafka, aggregates);
      return verifyAcknowledged(outcomes, ledger).lost.length === 0 ? Date.now() : undefined;
    }, { timeoutMs: 180_000, intervalMs: 1000, what: 'every acknowledged event in Kafka' }).catch(() => undefined);
    const verdict = verifyAcknowledged(outcomes, ledger);
    const misses = await replicaMisses(orders.url, outcomes);
    // Only this load's events: the topics may hold poison records from earlier runs, which a new group dead-letters.
    const deadLetters = (await deadLettersOf(ctx.kafka, `chaos-${ctx.runTag}_${id}`)).filter((d) => d.key !== null && aggregates.has(d.key));

    const during = outcomes.filter((o) => o.startedAt >= down && o.startedAt < up);
    const refused = outcomes.filter((o) => !acknowledged(o));
    const unclear = refused.filter((o) => !(o.status === 503 && o.code));
    const readinessCheck =
      server === 'kafka'
        ? none(
            'every command service stayed ready (every /health 200) and reported Kafka degraded (kafka.degraded) while the broker was down',
            services.flatMap((s) => [
              ...(health.readyThroughout(s, down, restarting) ? [] : [`${s.app} not ready`]),
              ...(health.kafkaDegradedBetween(s, down, restarting) ? [] : [`${s.app} never reported Kafka degraded`]),
            ]),
          )
        : none('every service reported not-ready during the outage', services.filter((s) => !health.notReadyBetween(s, down, restarting + 1000)).map((s) => s.app));
    return {
      id,
      title: TITLES[server],
      parameters: { server, ...scale.load, warmupSeconds: scale.outage.warmupSeconds, downSeconds: scale.outage.downSeconds[server], recoverySeconds: scale.outage.recoverySeconds },
      figures: {
        commands: outcomes.length,
        acknowledged: verdict.acknowledged,
        'acknowledged while down': during.filter(acknowledged).length,
        refused: refused.length,
        outcomes: JSON.stringify(tally(outcomes)),
        'slowest while down (ms)': Math.max(0, ...during.map((o) => o.ms)),
        'p99 latency (ms)': percentile(outcomes.map((o) => o.ms), 99),
        'server unreachable (s, stop to healthy again)': round((up - down) / 1000),
        'services ready after server up (s)': allReady ? round(Math.max(0, allReady - up) / 1000) : 'never',
        'events in Kafka after server up (s)': drained ? round(Math.max(0, drained - up) / 1000) : 'never',
        're-sent records': verdict.resentRecords,
      },
      checks: [
        none('every 2xx has its event in Kafka', verdict.lost),
        none('no event in Kafka twice (by event id)', verdict.duplicated),
        none('no two events for one aggregate version', verdict.conflicting),
        none('every refused command got a 503 with a code', unclear.map(describe)),
        none('no command hung (client timeout)', outcomes.filter((o) => o.timedOut).map(describe)),
        readinessCheck,
        check('every service ready again by itself (same process)', allReady !== undefined && services.every((s, i) => s.pid === pids[i]), allReady ? 'yes' : 'not within 120 s'),
        none('the orders replicas reached every acknowledged customer version', misses),
        none('no event of the load dead-lettered', deadLetters.map((d) => `${d.group}: ${d.code} ${d.reason}`)),
      ],
      startedAt: startedAt.toISOString(),
      seconds: round((Date.now() - startedAt.getTime()) / 1000),
    };
  } finally {
    await stopAll(services);
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;
const describe = (o: CommandOutcome): string => `${o.op} → ${o.status}${o.code ? ` ${o.code}` : ''} in ${o.ms} ms`;
