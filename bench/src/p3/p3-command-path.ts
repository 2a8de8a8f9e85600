import { Topic } from '@app/contracts';
import { customerDocument } from '@app/testing/fixtures';
import { waitFor } from '@app/testing/wait-for';
import { join } from 'node:path';
import { BenchContext } from '../bench-context';
import { freePort } from '@app/platform/net/free-port';
import { BenchProcess } from '../infra/bench-process';
import { CpuMeter } from '../infra/cpu-usage';
import { recordCount } from '../infra/kafka';
import { attempt } from '../report/attempt';
import { fmt, PartResult, ratioOf } from '../report/results';
import { LoadResult, putCustomers } from './http-load';

interface Target {
  name: 'accounts' | 'plain-crud';
  process: BenchProcess;
  url: string;
  db: string;
}

type Measured = LoadResult & { cpu: Record<string, { cpuSeconds: number; cores: number }> };

/**
 * P3: PUT /customers/{id} on the accounts service (write + outbox + publish) against a plain NestJS +
 * MongoDB CRUD service doing the same write without events, alternating, at full speed and at a fixed rate.
 */
export async function runP3(ctx: BenchContext): Promise<PartResult> {
  const { p3 } = ctx.scale;
  const part: PartResult = { id: 'P3', title: 'Command path', status: 'measured', problems: [], parameters: { ...p3, body: 'libs/testing fixtures customerDocument() (2 addresses, 2 cards)' }, figures: {}, rows: [] };
  const body = JSON.stringify(customerDocument());
  const accounts = await target(ctx, 'accounts', join(ctx.repoRoot, 'dist/apps/accounts/src/main.js'), { KAFKA_BROKERS: ctx.brokers.join(','), LOG_LEVEL: 'warn' });
  const plain = await target(ctx, 'plain-crud', join(ctx.repoRoot, 'dist/bench/peers/plain-crud/main.js'), {});
  const admin = ctx.kafka.admin();
  await admin.connect();
  try {
    await Promise.all([accounts.process.startHealthy(accounts.url), plain.process.startHealthy(plain.url)]);
    const eventsBefore = await recordCount(admin, [Topic.CustomerChange]);
    const run = (t: Target, phase: string, seconds: number, rate?: number) =>
      attempt(part, `${t.name} ${phase}`, () => measure(ctx, t, { url: t.url, idPrefix: `${ctx.runTag}-${phase}`, body, seconds, connections: p3.connections, rate }));
    const warmup = { plain: await run(plain, 'warmup', p3.warmupSeconds), accounts: await run(accounts, 'warmup', p3.warmupSeconds) };
    const max = { plain: await run(plain, 'max', p3.seconds), accounts: await run(accounts, 'max', p3.seconds) };
    const fixed = { plain: await run(plain, 'fixed', p3.seconds, p3.fixedRate), accounts: await run(accounts, 'fixed', p3.seconds, p3.fixedRate) };
    ctx.log(`P3 max: accounts ${fmt.rate(max.accounts?.requestsPerSecond, 'req/s')}, plain ${fmt.rate(max.plain?.requestsPerSecond, 'req/s')}`);
    ctx.log(`P3 at ${p3.fixedRate}/s: accounts p99 ${fmt.ms(fixed.accounts?.latencyMs.p99)}, plain p99 ${fmt.ms(fixed.plain?.latencyMs.p99)}`);
    const runs = { accounts: [warmup.accounts, max.accounts, fixed.accounts], plain: [warmup.plain, max.plain, fixed.plain] };
    await attempt(part, 'results check', () => checkWrites(ctx, admin, { accounts, plain }, eventsBefore, runs));
    part.figures = { max, fixed };
    part.rows = [
      {
        part: 'P3',
        figure: `PUT /customers/{id} at full speed (${p3.connections} connections), accounts: write + outbox + publish`,
        measured: `${fmt.rate(max.accounts?.requestsPerSecond, 'req/s')} (p50 ${fmt.ms(max.accounts?.latencyMs.p50)}, p99 ${fmt.ms(max.accounts?.latencyMs.p99)})`,
        baseline: `plain CRUD ${fmt.rate(max.plain?.requestsPerSecond, 'req/s')} (p50 ${fmt.ms(max.plain?.latencyMs.p50)}, p99 ${fmt.ms(max.plain?.latencyMs.p99)})`,
        ratio: fmt.ratio(max.accounts?.requestsPerSecond, max.plain?.requestsPerSecond),
        target: '≥ 0.7×',
        met: metAtLeast(ratioOf(max.accounts?.requestsPerSecond, max.plain?.requestsPerSecond), 0.7),
      },
      {
        part: 'P3',
        figure: `PUT /customers/{id} at ${p3.fixedRate} req/s, p50 / p99 (accounts)`,
        measured: `${fmt.ms(fixed.accounts?.latencyMs.p50)} / ${fmt.ms(fixed.accounts?.latencyMs.p99)} (${fmt.rate(fixed.accounts?.requestsPerSecond, 'req/s')} served)`,
        baseline: `plain CRUD ${fmt.ms(fixed.plain?.latencyMs.p50)} / ${fmt.ms(fixed.plain?.latencyMs.p99)}`,
        ratio: '',
        target: 'p99 ≤ 50 ms',
        met: fixed.accounts ? fixed.accounts.latencyMs.p99 <= 50 : null,
      },
    ];
  } finally {
    await admin.disconnect();
    await Promise.all([accounts.process.stop(), plain.process.stop()]);
  }
  if (part.problems.length > 0) part.status = 'failed';
  return part;
}

const metAtLeast = (ratio: number | null, min: number): boolean | null => (ratio === null ? null : ratio >= min);

async function target(ctx: BenchContext, name: Target['name'], script: string, env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const db = `bench_${name.replace('-', '_')}_${ctx.runTag}`;
  const process = new BenchProcess(name, script, { ...env, HTTP_PORT: String(port), MONGO_URL: ctx.mongoUrl, MONGO_DB: db }, ctx.dirs);
  return { name, process, url: `http://127.0.0.1:${port}`, db };
}

async function measure(ctx: BenchContext, t: Target, spec: Parameters<typeof putCustomers>[0]): Promise<Measured> {
  const meter = new CpuMeter({ [t.name]: t.process.pid, ferretdb: ctx.runtimePids.ferretdb, kafka: ctx.runtimePids.kafka, 'bench (autocannon)': process.pid });
  meter.start();
  const result = await putCustomers(spec);
  const cpu = meter.stop();
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.requests} requests failed or were not 2xx`);
  return { ...result, cpu };
}

/**
 * Every 2xx left one customer document (requests still in flight when a run ended may add up to one
 * per connection); on accounts every stored customer was published once and the outbox is empty.
 */
async function checkWrites(
  ctx: BenchContext,
  admin: Parameters<typeof recordCount>[0],
  targets: Record<'accounts' | 'plain', Target>,
  eventsBefore: number,
  runs: Record<'accounts' | 'plain', (Measured | undefined)[]>,
): Promise<void> {
  const customers = (t: Target) => ctx.mongo.db(t.db).collection('customers');
  await waitFor(async () => (await customers(targets.accounts).countDocuments({ 'outbox.0': { $exists: true } })) === 0, { timeoutMs: 120_000, intervalMs: 500, what: 'the accounts outbox to drain' });
  const events = (await recordCount(admin, [Topic.CustomerChange])) - eventsBefore;
  for (const name of ['accounts', 'plain'] as const) {
    const docs = await customers(targets[name]).countDocuments({});
    const ok = runs[name].reduce((n, r) => n + (r?.ok ?? 0), 0);
    const slack = runs[name].length * ctx.scale.p3.connections + ctx.scale.p3.connections;
    if (docs < ok || docs > ok + slack) throw new Error(`${name}: ${ok} requests answered 2xx but ${docs} customers are stored`);
    if (name === 'accounts' && events !== docs) throw new Error(`accounts stored ${docs} customers but published ${events} CustomerChanged events`);
  }
}
