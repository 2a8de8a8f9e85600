import { TOPIC_CATALOG } from '@app/contracts';
import { ensureTopics } from '@app/kafka/admin/ensure-topics';
import { createKafka } from '@app/kafka/client/create-kafka';
import { ServiceConfig } from '@app/platform/config/service.config';
import { validateConfig } from '@app/platform/config/validate-config';
import { Command, Option } from 'commander';

/** The explicit topic bootstrap: creates or reconciles every declared topic (never broker auto-creation). */
const program = new Command('topics')
  .description('Create or reconcile the declared Kafka topics (partitions and configs)')
  .addOption(new Option('--brokers <list>', 'bootstrap servers').env('KAFKA_BROKERS').default('127.0.0.1:9092'))
  .addOption(new Option('--replication-factor <n>', 'replication factor for new topics').env('KAFKA_REPLICATION_FACTOR').default('1'))
  .option('--list', 'print the catalogue and exit')
  .action(async (opts: { brokers: string; replicationFactor: string; list?: boolean }) => {
    if (opts.list) {
      console.table(TOPIC_CATALOG.map((t) => ({ topic: t.name, partitions: t.partitions, 'retention.ms': t.config['retention.ms'], description: t.description })));
      return;
    }
    // The services' validated Kafka settings (KAFKA_SSL, KAFKA_SASL_*), so a managed cluster works the same.
    const config = validateConfig(ServiceConfig, { ...process.env, KAFKA_BROKERS: opts.brokers });
    const kafka = createKafka(config, 'topic-bootstrap');
    const reports = await ensureTopics(kafka, TOPIC_CATALOG, Number(opts.replicationFactor));
    for (const r of reports) console.log(`${r.action.padEnd(16)} ${r.topic}`);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`topic bootstrap failed: ${(error as Error).message}`);
  process.exit(1);
});
