import { createKafka } from '@app/kafka/client/create-kafka';
import { ServiceConfig } from '@app/platform/config/service.config';
import { ConfigError, validateConfig } from '@app/platform/config/validate-config';
import { Command, Option } from 'commander';
import { MongoClient } from 'mongodb';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ReplayContext } from './replay-context';
import { replayTarget } from './replay-target';
import { resolvePlan, TARGET_NAMES } from './replay-plan';
import { restoreService } from './restore-service';

interface CliOptions {
  brokers: string;
  mongoUrl: string;
  streamsDb: string;
  streamsGroup: string;
  ordersDb: string;
  ordersGroup: string;
  accountsDb: string;
  catalogDb: string;
  catalogGroup: string;
  dryRun?: boolean;
  keep?: boolean;
  dropOld?: boolean;
  sample: string;
  timeout: string;
  handoverTimeout: string;
  logDir: string;
}

/** Rebuilds views from the beginning of the topics (the event store), blue/green; see tools/replay/README.md. */
const program = new Command('replay')
  .description('Rebuild a view (or the orders replicas) from the beginning of its topics into a new generation, compare it with the live one, and switch to it')
  .argument('<target>', `what to rebuild: ${TARGET_NAMES.join(' | ')}`)
  .addOption(new Option('--brokers <list>', 'Kafka bootstrap servers').env('KAFKA_BROKERS').default('127.0.0.1:9092'))
  .addOption(new Option('--mongo-url <url>', 'MongoDB URL').env('MONGO_URL').default('mongodb://127.0.0.1:27017'))
  .addOption(new Option('--streams-db <name>', "the stream processor's database (its MONGO_DB)").env('STREAMS_MONGO_DB').default('streams'))
  .addOption(new Option('--streams-group <id>', "the stream processor's group prefix (its KAFKA_GROUP_ID)").env('STREAMS_GROUP_ID').default('stream-processor'))
  .addOption(new Option('--orders-db <name>', "the orders service's database (its MONGO_DB)").env('ORDERS_MONGO_DB').default('orders'))
  .addOption(new Option('--orders-group <id>', "the orders service's group (its KAFKA_GROUP_ID)").env('ORDERS_GROUP_ID').default('orders'))
  .addOption(new Option('--accounts-db <name>', "the accounts service's database (its MONGO_DB)").env('ACCOUNTS_MONGO_DB').default('accounts'))
  .addOption(new Option('--catalog-db <name>', "the catalog service's database (its MONGO_DB)").env('CATALOG_MONGO_DB').default('catalog'))
  .addOption(new Option('--catalog-group <id>', "the catalog service's group (its KAFKA_GROUP_ID)").env('CATALOG_GROUP_ID').default('catalog'))
  .option('--dry-run', 'stop after the comparison (the rebuilt generation is dropped unless --keep)')
  .option('--keep', 'with --dry-run: keep the rebuilt generation')
  .option('--drop-old', 'after the switch, drop the previous generation and its consumer group')
  .option('--sample <n>', 'differing documents to print per collection', '5')
  .option('--timeout <seconds>', 'give up if a rebuild has not caught up by then', '3600')
  .option('--handover-timeout <seconds>', 'how long to wait for the live service around the switch', '30')
  .option('--log-dir <dir>', 'where the rebuild processes log', join(tmpdir(), 'replay-logs'))
  .action(async (name: string, opts: CliOptions) => {
    const plan = resolvePlan(name);
    mkdirSync(opts.logDir, { recursive: true });
    // The services' own Kafka settings (KAFKA_SSL, KAFKA_SASL_*: a managed cluster), validated as theirs are;
    // the rebuild processes it starts inherit the same environment.
    const config = validateConfig(ServiceConfig, { ...process.env, KAFKA_BROKERS: opts.brokers, MONGO_URL: opts.mongoUrl });
    const kafka = createKafka(config, 'replay', pino({ level: 'error' }, pino.destination(2)).child({ component: 'kafkajs' }));
    const admin = kafka.admin();
    const mongo = new MongoClient(opts.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
    await Promise.all([admin.connect(), mongo.connect()]);
    const ctx: ReplayContext = {
      kafka,
      admin,
      mongo,
      locations: {
        'stream-processor': { db: opts.streamsDb, group: opts.streamsGroup },
        orders: { db: opts.ordersDb, group: opts.ordersGroup },
        accounts: { db: opts.accountsDb, group: '' },
        catalog: { db: opts.catalogDb, group: opts.catalogGroup },
      },
      distRoot: join(__dirname, '..', '..'),
      logDir: opts.logDir,
      env: { KAFKA_BROKERS: opts.brokers, MONGO_URL: opts.mongoUrl },
      options: {
        dryRun: opts.dryRun ?? false,
        keep: opts.keep ?? false,
        dropOld: opts.dropOld ?? false,
        sample: Number(opts.sample),
        timeoutMs: Number(opts.timeout) * 1000,
        handoverTimeoutMs: Number(opts.handoverTimeout) * 1000,
        pollMs: 500,
      },
      print: (line) => process.stdout.write(`${line}\n`),
    };
    try {
      // Systems of record first: a view rebuilt after them sees the same events they were restored from.
      for (const target of plan.restores) await restoreService(ctx, target);
      for (const target of plan.rebuilds) {
        const outcome = await replayTarget(ctx, target);
        ctx.print(`${outcome.target}: ${outcome.switched ? `now serving generation ${outcome.to}` : `still serving generation ${outcome.from}`}`);
      }
    } finally {
      await Promise.all([admin.disconnect(), mongo.close()]);
    }
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${(error as Error).message}\n`);
  // As the services: a configuration they would refuse at boot is EX_CONFIG.
  process.exit(error instanceof ConfigError ? 78 : 1);
});
