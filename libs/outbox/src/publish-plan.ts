import { OutboxEntry } from './outbox-entry';

/** A leased document as the plan sees it: its pending entries in the order they were written. */
export interface PendingDocument<Id> {
  id: Id;
  outbox: readonly OutboxEntry[];
}

export interface RequestLimits {
  /** Largest record batch per partition, in bytes (the broker refuses a larger one). */
  maxBatchBytes: number;
  batchOverheadBytes: number;
  recordBytes: (entry: OutboxEntry) => number;
  partitionOf: (entry: OutboxEntry) => number;
}

export type SetAsideCode = 'TOO_LARGE' | 'REFUSED';

export interface SetAside<Id> {
  documentId: Id;
  entry: OutboxEntry;
  code: SetAsideCode;
  reason: string;
}

export interface PlannedEntry<Id> {
  documentId: Id;
  entry: OutboxEntry;
}

export interface PublishPlan<Id> {
  /** One producer request: oldest document first, each document's entries in order, every partition's batch under the limit. */
  send: PlannedEntry<Id>[];
  /** Entries that can never be sent (larger than a batch may be); what follows them in their document waits. */
  setAside: SetAside<Id>[];
}

type HasOutbox = { outbox: readonly OutboxEntry[] };
const oldestPendingAt = (doc: HasOutbox): string => doc.outbox[0]?.occurredAt ?? '';

/** Documents ordered by their oldest pending entry; entries without a time (older code) count as oldest. Stable. */
export function oldestFirst<D extends HasOutbox>(docs: readonly D[]): D[] {
  return [...docs].sort((a, b) => (oldestPendingAt(a) < oldestPendingAt(b) ? -1 : oldestPendingAt(a) > oldestPendingAt(b) ? 1 : 0));
}

/**
 * Fills one request. A document stops at its first entry that does not fit, and so does every later
 * entry of the same key and every later document on a partition found full — so each key's events go
 * out in order and the oldest go first. The first entry of a partition always fits unless it alone
 * exceeds the limit, so every plan makes progress.
 */
export function planRequest<Id>(docs: readonly PendingDocument<Id>[], limits: RequestLimits): PublishPlan<Id> {
  const used = new Map<string, number>();
  const fullPartitions = new Set<string>();
  const waitingKeys = new Set<string>();
  const plan: PublishPlan<Id> = { send: [], setAside: [] };
  for (const doc of docs) {
    for (const entry of doc.outbox) {
      const key = `${entry.topic}\n${entry.key}`;
      const partition = `${entry.topic}\n${limits.partitionOf(entry)}`;
      if (waitingKeys.has(key) || fullPartitions.has(partition)) {
        waitingKeys.add(key);
        break;
      }
      const bytes = limits.recordBytes(entry);
      if (limits.batchOverheadBytes + bytes > limits.maxBatchBytes) {
        const reason = `record of ${bytes} bytes (key, value and headers) exceeds the ${limits.maxBatchBytes}-byte batch limit`;
        plan.setAside.push({ documentId: doc.id, entry, code: 'TOO_LARGE', reason });
        waitingKeys.add(key);
        break;
      }
      const before = used.get(partition) ?? limits.batchOverheadBytes;
      if (before + bytes > limits.maxBatchBytes) {
        fullPartitions.add(partition);
        waitingKeys.add(key);
        break;
      }
      used.set(partition, before + bytes);
      plan.send.push({ documentId: doc.id, entry });
    }
  }
  return plan;
}
