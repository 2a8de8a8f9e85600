import type { TopicSpec } from '@app/contracts';
// By relative path: the tests' global setup loads this file (through ensure-topics) without Jest's module mapper.
import { defaultMinInsyncReplicas, topicConfigs } from '../../../contracts/src/topics/topic-settings';

/** What the broker already has of a declared topic. */
export interface ExistingTopic {
  partitions: number;
  /** The fewest replicas any of its partitions has. */
  replicationFactor: number;
}

export interface PlanOptions {
  /** For the topics it creates. */
  replicationFactor: number;
  /** Overrides the min.insync.replicas derived from each topic's replication factor (checked by topicDurability). */
  minInsyncReplicas?: number;
  /** Keep an existing topic's partition count when it differs from the catalogue's (reported), instead of refusing. */
  acceptExistingPartitions: boolean;
}

export type TopicPlan =
  | { topic: string; action: 'create'; partitions: number; replicationFactor: number; configs: Record<string, string> }
  | { topic: string; action: 'reconcile'; configs: Record<string, string>; keptPartitions?: { existing: number; declared: number } }
  | { topic: string; action: 'refuse'; reason: string };

/**
 * What the bootstrap does with one declared topic. min.insync.replicas follows the topic's own replication
 * factor (an existing topic keeps the one it has). An existing topic's partition count is never changed:
 * the producers pick a key's partition from the count, so more partitions move keys and break per-key
 * order (and Kafka cannot remove partitions).
 */
export function planTopic(spec: TopicSpec, existing: ExistingTopic | undefined, options: PlanOptions): TopicPlan {
  const replicationFactor = existing?.replicationFactor ?? options.replicationFactor;
  const minInsyncReplicas = options.minInsyncReplicas ?? defaultMinInsyncReplicas(replicationFactor);
  const configs = topicConfigs(spec, { replicationFactor, minInsyncReplicas });
  if (!existing) return { topic: spec.name, action: 'create', partitions: spec.partitions, replicationFactor, configs };
  if (minInsyncReplicas > replicationFactor) {
    return {
      topic: spec.name,
      action: 'refuse',
      reason:
        `${spec.name} has ${replicationFactor} replica(s), fewer than min.insync.replicas=${minInsyncReplicas}, which would refuse every acks=all write; ` +
        'lower the min.insync.replicas override or give the topic more replicas (partition reassignment)',
    };
  }
  if (existing.partitions === spec.partitions) return { topic: spec.name, action: 'reconcile', configs };
  if (options.acceptExistingPartitions) {
    return { topic: spec.name, action: 'reconcile', configs, keptPartitions: { existing: existing.partitions, declared: spec.partitions } };
  }
  return {
    topic: spec.name,
    action: 'refuse',
    reason:
      `${spec.name} has ${existing.partitions} partition(s), the catalogue declares ${spec.partitions}; an existing topic's partition count is never changed ` +
      '(more partitions move keys to other partitions and break per-key order): make the catalogue match, or keep the existing count with --accept-existing-partitions',
  };
}

/** The bootstrap stopped before changing anything: some declared topics cannot be brought to the catalogue safely. */
export class TopicBootstrapRefused extends Error {
  constructor(readonly reasons: string[]) {
    super(`refused, nothing changed:\n  - ${reasons.join('\n  - ')}`);
    this.name = 'TopicBootstrapRefused';
  }
}
