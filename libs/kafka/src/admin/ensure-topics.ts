import type { TopicSpec } from '@app/contracts';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { createTopicsWithLeaders } from './create-topics';

export interface TopicReport {
  topic: string;
  action: 'created' | 'unchanged' | 'configs-updated' | 'partitions-added';
}

/**
 * Creates the declared topics that are missing and brings existing ones to the declared configs and
 * partition count (partitions are only ever added). Idempotent; run before any service starts.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[], replicationFactor = 1): Promise<TopicReport[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      await createTopicsWithLeaders(
        admin,
        missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor,
          configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
        })),
      );
    }
    const reports: TopicReport[] = missing.map((s) => ({ topic: s.name, action: 'created' }));
    for (const spec of specs.filter((s) => existing.has(s.name))) {
      reports.push({ topic: spec.name, action: await reconcile(admin, spec) });
    }
    return reports;
  } finally {
    await admin.disconnect();
  }
}

async function reconcile(admin: ReturnType<Kafka['admin']>, spec: TopicSpec): Promise<TopicReport['action']> {
  const [meta] = (await admin.fetchTopicMetadata({ topics: [spec.name] })).topics;
  if (meta && meta.partitions.length < spec.partitions) {
    await admin.createPartitions({ topicPartitions: [{ topic: spec.name, count: spec.partitions }] });
    return 'partitions-added';
  }
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name, configNames: Object.keys(spec.config) }],
  });
  const current = new Map(described.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]) ?? []);
  const drift = Object.entries(spec.config).filter(([k, v]) => current.get(k) !== v);
  if (drift.length === 0) return 'unchanged';
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: spec.name,
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  return 'configs-updated';
}
