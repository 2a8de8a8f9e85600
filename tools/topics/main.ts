import { TOPIC_CATALOG, topicDurability } from '@app/contracts';
import { ensureTopics } from '@app/kafka/admin/ensure-topics';
import { createKafka } from '@app/kafka/client/create-kafka';
import { ConfigError, validateConfig } from '@app/platform/config/validate-config';
import { Command } from 'commander';
import { TopicsConfig } from './topics.config';

interface CliOptions {
  brokers?: string;
  replicationFactor?: string;
  minInsyncReplicas?: string;
  acceptExistingPartitions?: boolean;
  list?: boolean;
}

/** Exit codes: 1 a failed or refused run, 78 a bad environment or option (as the services). */
const EXIT = { failed: 1, config: 78 } as const;

/** The explicit topic bootstrap: creates or reconciles every declared topic (never broker auto-creation). */
const program = new Command('topics')
  .description(
    'Create the declared Kafka topics and restore their configs. Refuses (exit 1, nothing changed) when an existing topic has another partition count ' +
      'than the catalogue. Each option can come from the environment: KAFKA_BROKERS, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS, ' +
      'TOPICS_ACCEPT_EXISTING_PARTITIONS=true; Kafka TLS and SASL as for the services (KAFKA_SSL, KAFKA_SASL_*).',
  )
  .option('--brokers <list>', 'bootstrap servers (default 127.0.0.1:9092)')
  .option('--replication-factor <n>', 'replicas of each topic created (default 1; existing topics keep theirs)')
  .option('--min-insync-replicas <n>', "override min.insync.replicas (1 to the replication factor; default: the factor less one, from 1 to 2)")
  .option('--accept-existing-partitions', "keep an existing topic's partition count when it differs from the catalogue's (reported), instead of refusing")
  .option('--list', 'print the catalogue and exit')
  .action(async (opts: CliOptions) => {
    if (opts.list) {
      console.table(TOPIC_CATALOG.map((t) => ({ topic: t.name, partitions: t.partitions, 'retention.ms': t.config['retention.ms'], description: t.description })));
      return;
    }
    const config = configFrom(opts);
    const kafka = createKafka(config, 'topic-bootstrap');
    const reports = await ensureTopics(kafka, TOPIC_CATALOG, {
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
      acceptExistingPartitions: config.TOPICS_ACCEPT_EXISTING_PARTITIONS,
    });
    for (const r of reports) {
      const kept = r.keptPartitions ? ` (keeps its ${r.keptPartitions.existing} partitions; the catalogue declares ${r.keptPartitions.declared})` : '';
      console.log(`${r.action.padEnd(16)} ${r.topic}${kept}`);
    }
  });

/** The environment with the command line on top, validated as one config (a wrong value exits 78). */
function configFrom(opts: CliOptions): TopicsConfig {
  const cli = {
    KAFKA_BROKERS: opts.brokers,
    KAFKA_REPLICATION_FACTOR: opts.replicationFactor,
    KAFKA_MIN_INSYNC_REPLICAS: opts.minInsyncReplicas,
    TOPICS_ACCEPT_EXISTING_PARTITIONS: opts.acceptExistingPartitions ? 'true' : undefined,
  };
  const config = validateConfig(TopicsConfig, { ...process.env, ...Object.fromEntries(Object.entries(cli).filter(([, v]) => v !== undefined)) });
  try {
    topicDurability(config.KAFKA_REPLICATION_FACTOR, config.KAFKA_MIN_INSYNC_REPLICAS);
  } catch (error) {
    throw new ConfigError([`KAFKA_MIN_INSYNC_REPLICAS: ${(error as Error).message}`]);
  }
  return config;
}

program.parseAsync().catch((error: unknown) => {
  console.error(`topic bootstrap failed: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? EXIT.config : EXIT.failed);
});
