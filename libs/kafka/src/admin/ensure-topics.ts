import type { TopicSpec } from '@app/contracts';
// By relative path: the tests' global setup loads this file without Jest's module mapper.
import { topicDurability } from '../../../contracts/src/topics/topic-settings';
import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { createTopicsWithLeaders } from './create-topics';
import { ExistingTopic, planTopic, TopicBootstrapRefused, TopicPlan } from './topic-plan';

export interface TopicReport {
  topic: string;
  action: 'created' | 'unchanged' | 'configs-updated';
  /** Set when an existing topic kept a partition count other than the catalogue's (acceptExistingPartitions). */
  keptPartitions?: { existing: number; declared: number };
}

export interface EnsureTopicsOptions {
  /** For the topics it creates; default 1. */
  replicationFactor?: number;
  /** Overrides the derived min.insync.replicas; 1 to the replication factor. */
  minInsyncReplicas?: number;
  /** Keep an existing topic whose partition count differs from the catalogue's, instead of refusing. */
  acceptExistingPartitions?: boolean;
}

/**
 * Creates the declared topics that are missing and brings existing ones to the declared configs (with
 * min.insync.replicas from the replication factor). Plans every topic first: if one cannot be brought to
 * the catalogue safely (another partition count), throws TopicBootstrapRefused having changed nothing.
 * Idempotent; run before any service starts.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[], options: EnsureTopicsOptions = {}): Promise<TopicReport[]> {
  const { minInsyncReplicas } = options;
  // Checks the factor and the override (1 to the factor) before the broker is asked anything.
  const { replicationFactor } = topicDurability(options.replicationFactor ?? 1, minInsyncReplicas);
  const acceptExistingPartitions = options.acceptExistingPartitions ?? false;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await existingTopics(admin, specs);
    const plans = specs.map((s) => planTopic(s, existing.get(s.name), { replicationFactor, minInsyncReplicas, acceptExistingPartitions }));
    const refused = plans.flatMap((p) => (p.action === 'refuse' ? [p.reason] : []));
    if (refused.length > 0) throw new TopicBootstrapRefused(refused);
    const creates = plans.filter((p): p is Extract<TopicPlan, { action: 'create' }> => p.action === 'create');
    if (creates.length > 0) {
      await createTopicsWithLeaders(
        admin,
        creates.map((p) => ({ topic: p.topic, numPartitions: p.partitions, replicationFactor: p.replicationFactor, configEntries: entries(p.configs) })),
      );
    }
    const reports: TopicReport[] = creates.map((p) => ({ topic: p.topic, action: 'created' }));
    for (const plan of plans) {
      if (plan.action !== 'reconcile') continue;
      const action = await reconcileConfigs(admin, plan.topic, plan.configs);
      reports.push(plan.keptPartitions ? { topic: plan.topic, action, keptPartitions: plan.keptPartitions } : { topic: plan.topic, action });
    }
    return reports;
  } finally {
    await admin.disconnect();
  }
}

async function existingTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<Map<string, ExistingTopic>> {
  const listed = new Set(await admin.listTopics());
  const names = specs.map((s) => s.name).filter((name) => listed.has(name));
  if (names.length === 0) return new Map();
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  return new Map(topics.map((t) => [t.name, { partitions: t.partitions.length, replicationFactor: Math.min(...t.partitions.map((p) => p.replicas.length)) }]));
}

async function reconcileConfigs(admin: Admin, topic: string, configs: Record<string, string>): Promise<'unchanged' | 'configs-updated'> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: Object.keys(configs) }],
  });
  const current = new Map(described.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]) ?? []);
  if (Object.entries(configs).every(([k, v]) => current.get(k) === v)) return 'unchanged';
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: entries(configs) }] });
  return 'configs-updated';
}

const entries = (configs: Record<string, string>) => Object.entries(configs).map(([name, value]) => ({ name, value }));
