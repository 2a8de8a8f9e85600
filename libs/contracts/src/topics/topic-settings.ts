import type { TopicSpec } from './topic-catalog';

/** How durable the bootstrap makes a topic: its replicas, and how many of them must hold a write (acks=all). */
export interface TopicDurability {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * min.insync.replicas for a replication factor: one below it, at most 2, at least 1. From 3 replicas up an
 * acknowledged write is on two brokers and the topic stays writable with one broker down; at 2, requiring
 * both would stop every write while one broker restarts, so 1.
 */
export function defaultMinInsyncReplicas(replicationFactor: number): number {
  return Math.max(1, Math.min(2, replicationFactor - 1));
}

/** The durability for a replication factor: the derived min.insync.replicas unless `minInsyncReplicas` (1 to the factor) overrides it. */
export function topicDurability(replicationFactor: number, minInsyncReplicas?: number): TopicDurability {
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new RangeError(`the replication factor must be a whole number of at least 1, not ${replicationFactor}`);
  }
  if (minInsyncReplicas === undefined) return { replicationFactor, minInsyncReplicas: defaultMinInsyncReplicas(replicationFactor) };
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
    throw new RangeError(`min.insync.replicas must be a whole number from 1 to the replication factor (${replicationFactor}), not ${minInsyncReplicas}`);
  }
  return { replicationFactor, minInsyncReplicas };
}

/** A topic's broker configs: the catalogue's (retention, cleanup) and the durability's min.insync.replicas. */
export function topicConfigs(spec: TopicSpec, durability: TopicDurability): Record<string, string> {
  return { ...spec.config, 'min.insync.replicas': String(durability.minInsyncReplicas) };
}
