import { Topic } from '@app/contracts';
import { readTopic } from '@app/testing/kafka-reader';
import { Kafka } from 'kafkajs';
import { acknowledged, CommandOutcome } from '../load/command-outcome';

/** Per event `aggregateId@version`: how many records carry each event id. */
export type EventLedger = Map<string, Map<string, number>>;

const TOPIC_OF: Record<CommandOutcome['op'], string> = { customer: Topic.CustomerChange, order: Topic.OrderEvents, ship: Topic.OrderEvents };

/** What the topics the commands write to hold, for the given aggregates. */
export async function readLedger(kafka: Kafka, aggregateIds: Set<string>): Promise<EventLedger> {
  const ledger: EventLedger = new Map();
  for (const topic of new Set(Object.values(TOPIC_OF))) {
    for (const record of await readTopic(kafka, topic)) {
      if (!record.key || !aggregateIds.has(record.key) || !record.value) continue;
      const event = JSON.parse(record.value.toString()) as { eventId: string; aggregateId: string; aggregateVersion: number };
      const key = `${event.aggregateId}@${event.aggregateVersion}`;
      const ids = ledger.get(key) ?? new Map<string, number>();
      ids.set(event.eventId, (ids.get(event.eventId) ?? 0) + 1);
      ledger.set(key, ids);
    }
  }
  return ledger;
}

export interface LedgerVerdict {
  acknowledged: number;
  /** Acknowledged commands whose event is not in Kafka. */
  lost: string[];
  /** Acknowledged commands whose event is in Kafka more than once (the same event id re-sent). */
  duplicated: string[];
  /** Two different events for one aggregate version: a lost update. */
  conflicting: string[];
  /** Records in the topics beyond one per event (re-sends), for any of the aggregates. */
  resentRecords: number;
}

/** Every command that got a 2xx has exactly one event, in exactly one record. */
export function verifyAcknowledged(outcomes: CommandOutcome[], ledger: EventLedger): LedgerVerdict {
  const acked = outcomes.filter(acknowledged).filter((o) => o.aggregateId && o.version !== undefined);
  const keys = acked.map((o) => `${o.aggregateId}@${o.version}`);
  const verdict: LedgerVerdict = { acknowledged: acked.length, lost: [], duplicated: [], conflicting: [], resentRecords: 0 };
  for (const key of keys) {
    const ids = ledger.get(key);
    if (!ids) verdict.lost.push(key);
    else if (ids.size > 1) verdict.conflicting.push(key);
    else if ([...ids.values()][0] > 1) verdict.duplicated.push(key);
  }
  for (const ids of ledger.values()) for (const count of ids.values()) verdict.resentRecords += count - 1;
  return verdict;
}

export const aggregatesOf = (outcomes: CommandOutcome[]): Set<string> =>
  new Set(outcomes.filter(acknowledged).flatMap((o) => (o.aggregateId ? [o.aggregateId] : [])));
