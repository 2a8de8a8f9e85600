import { Command, Option } from 'commander';
import { MongoClient } from 'mongodb';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchKafka } from '../infra/kafka';
import { machineInfo } from '../machine-info';
import { ChaosContext } from './chaos-context';
import { FULL, SMALL } from './chaos-scale';
import { stopLeftovers } from './infra/chaos-service';
import { ServerControl } from './infra/server-control';
import { chaosTable, ChaosResults } from './report/chaos-table';
import { passed, ScenarioResult } from './report/scenario-result';
import { outageUnderLoad } from './scenarios/outage-under-load.scenario';
import { poisonMessages } from './scenarios/poison-messages.scenario';
import { replayUnderKills } from './scenarios/replay-under-kills.scenario';
import { scaleOutChurn } from './scenarios/scale-out-churn.scenario';
import { servicesUnderKills } from './scenarios/services-under-kills.scenario';

interface Options {
  small?: boolean;
  brokers: string;
  mongoUrl: string;
  runtimeDir: string;
  scenarios: string;
  out?: string;
}

const REPO_ROOT = resolve(__dirname, '../../../..');

/** In this order: `scale-out` and `kills` last, as their hundreds of thousands of events would make every later scenario's fresh consumer groups replay them first. */
const SCENARIOS: Record<string, (ctx: ChaosContext) => Promise<ScenarioResult>> = {
  broker: (ctx) => outageUnderLoad(ctx, 'kafka'),
  'service-kills': (ctx) => servicesUnderKills(ctx),
  poison: (ctx) => poisonMessages(ctx),
  mongo: (ctx) => outageUnderLoad(ctx, 'ferretdb'),
  'scale-out': (ctx) => scaleOutChurn(ctx),
  kills: (ctx) => replayUnderKills(ctx),
};

const program = new Command('chaos')
  .description('breaks the running system on purpose (broker and database outages, SIGKILLs, poison messages) and checks that nothing is lost or counted twice')
  .option('--small', 'every scenario at a small size (the version in make test)')
  .addOption(new Option('--brokers <list>', 'Kafka').env('KAFKA_BROKERS').makeOptionMandatory())
  .addOption(new Option('--mongo-url <url>', 'the MongoDB-wire server').env('MONGO_URL').makeOptionMandatory())
  .addOption(new Option('--runtime-dir <dir>', "the runtime's state dir (logs, pid files)").env('CQRS_RUNTIME_DIR').makeOptionMandatory())
  .option('--scenarios <list>', `some of ${Object.keys(SCENARIOS).join(',')}`, Object.keys(SCENARIOS).join(','))
  .option('--out <file>', 'results JSON (default bench/results/chaos-<timestamp>.json)')
  .action((opts: Options) => main(opts));

async function main(opts: Options): Promise<void> {
  const asked = new Set(opts.scenarios.split(',').map((s) => s.trim()));
  const wanted = Object.keys(SCENARIOS).filter((s) => asked.has(s));
  const unknown = [...asked].filter((s) => !SCENARIOS[s]);
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}: choose from ${Object.keys(SCENARIOS).join(', ')}`);
  const startedAt = new Date();
  const runTag = `${opts.small ? 's' : 'f'}${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase()}`;
  const log = (m: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const brokers = opts.brokers.split(',');
  const mongo = await new MongoClient(opts.mongoUrl, { serverSelectionTimeoutMS: 60_000 }).connect();
  const ctx: ChaosContext = {
    scale: opts.small ? SMALL : FULL, repoRoot: REPO_ROOT, brokers, mongoUrl: opts.mongoUrl, kafka: benchKafka(brokers, 'chaos'), mongo,
    servers: new ServerControl(REPO_ROOT, log), runTag, dirs: { logs: join(opts.runtimeDir, 'logs', `chaos-${runTag}`), pids: join(opts.runtimeDir, 'pids') }, log,
  };
  const scenarios: ScenarioResult[] = [];
  const out = opts.out ?? join(REPO_ROOT, 'bench/results', `chaos-${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const results = (): ChaosResults => ({ schemaVersion: 1, scale: ctx.scale.name, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: machineInfo(), scenarios });
  mkdirSync(dirname(out), { recursive: true });
  try {
    for (const name of wanted) {
      log(`scenario ${name}`);
      const before = loadavg()[0];
      const began = new Date();
      // A scenario that cannot finish is a failed scenario, not the end of the run: the others still run.
      const result = await SCENARIOS[name](ctx).catch((error: unknown) => aborted(name, began, error));
      // An aborted scenario may have left services running, which would keep this process (and make) waiting.
      await stopLeftovers();
      // Others' work shares the cores: timings are read beside the load they ran under.
      result.parameters.loadAverage1m = `${before.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
      log(`${name}: ${passed(result) ? 'passed' : 'FAILED'} in ${result.seconds} s`);
      scenarios.push(result);
      writeFileSync(out, `${JSON.stringify(results(), null, 2)}\n`);
    }
  } finally {
    await mongo.close();
  }
  process.stdout.write(`${chaosTable(results())}\n\nresults: ${out}\n`);
  const failed = scenarios.filter((s) => !passed(s));
  if (failed.length > 0) {
    process.stderr.write(`\nchaos found broken promises in: ${failed.map((s) => s.id).join(', ')}\n`);
    process.exitCode = 1;
  }
}

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});

function aborted(name: string, began: Date, error: unknown): ScenarioResult {
  return {
    id: name, title: `${name} (did not finish)`, parameters: {}, figures: {},
    checks: [{ name: 'the scenario ran to its end', passed: false, detail: (error as Error).message ?? String(error) }],
    startedAt: began.toISOString(), seconds: Math.round((Date.now() - began.getTime()) / 1000),
  };
}
