import { DEAD_LETTER_TOPICS, decodeEvent, MAX_EVENT_BYTES, Topic } from '@app/contracts';
import { OutgoingRecord } from '@app/kafka/producer/outgoing-record';
import { RECORD_BATCH_OVERHEAD_BYTES, recordBytes } from '@app/kafka/producer/record-size';
import { createHash } from 'node:crypto';
import { DeadLetter, deadLetterId } from './dead-letter-entry';
import { matches, RedriveFilter } from './redrive-filter';

/** Headers a redriven record carries besides its original ones. */
export const REDRIVE_HEADERS = { of: 'redrive-of', at: 'redrive-at' } as const;

/** What earlier runs sent back: the dead letters, and the original records they carried. */
export interface RedriveLogIndex {
  deadLetters: ReadonlySet<string>;
  originals: ReadonlySet<string>;
}

/**
 * The original record, when the dead letter names its place (several groups may dead-letter one record).
 * The value's digest is part of it: after a topic is recreated, offsets start again at 0.
 */
export function originalId(d: Pick<DeadLetter, 'originalTopic' | 'originalPartition' | 'originalOffset' | 'value'>): string | null {
  if (d.originalTopic === null || d.originalPartition === null || d.originalOffset === null) return null;
  const digest = createHash('sha256').update(d.value ?? '').digest('hex').slice(0, 16);
  return `${d.originalTopic}/${d.originalPartition}/${d.originalOffset}/${digest}`;
}

export interface Unsendable {
  deadLetter: DeadLetter;
  why: string;
}

/** What a run does with the dead letters it read. */
export interface RedrivePlan {
  send: DeadLetter[];
  /**
   * Matching dead letters whose record was already sent back: by an earlier run (in the redrive log), or
   * in this plan for another group that dead-lettered the same record (every group sees the one copy).
   */
  alreadyRedriven: number;
  /** Dead letters the filters leave out. */
  filteredOut: number;
  /** Matching dead letters that cannot be sent back as they are, with the reason. */
  unsendable: Unsendable[];
}

const EVENT_TOPICS: readonly string[] = Object.values(Topic).filter((t) => !DEAD_LETTER_TOPICS.includes(t) && t !== Topic.RedriveLog);

/** Splits the dead letters read into those to send, those sent before, filtered out and unsendable. */
export function planRedrive(deadLetters: readonly DeadLetter[], log: RedriveLogIndex, filter: RedriveFilter): RedrivePlan {
  const plan: RedrivePlan = { send: [], alreadyRedriven: 0, filteredOut: 0, unsendable: [] };
  const originals = new Set(log.originals);
  for (const d of deadLetters) {
    const original = originalId(d);
    if (!matches(filter, d)) plan.filteredOut++;
    else if (log.deadLetters.has(deadLetterId(d.at)) || (original !== null && originals.has(original))) plan.alreadyRedriven++;
    else {
      const why = unsendableBecause(d);
      if (why) plan.unsendable.push({ deadLetter: d, why });
      else {
        plan.send.push(d);
        if (original !== null) originals.add(original);
      }
    }
  }
  return plan;
}

function unsendableBecause(d: DeadLetter): string | null {
  if (d.originalTopic === null) return 'the record names no original topic';
  if (!EVENT_TOPICS.includes(d.originalTopic)) return `${d.originalTopic} is not an event topic of the contracts`;
  if (d.valueOmittedBytes !== null) return `the value (${d.valueOmittedBytes} bytes) was too large to copy; it is at ${d.originalTopic}/${d.originalPartition}/${d.originalOffset} and consumers refuse it (over ${MAX_EVENT_BYTES} bytes)`;
  if (d.value === null || d.value === '') return 'the record has no value';
  // Sent back, poison would be dead-lettered again by every group reading the topic, not only by one.
  const decoded = decodeEvent(d.value);
  if (!decoded.ok) return `every consumer would refuse it again (${decoded.code})`;
  return null;
}

/** The record sent back: the original key, value and headers, to the original topic, marked as a redrive. */
export function redrivenRecord(d: DeadLetter, redrivenAt: Date): OutgoingRecord {
  return {
    topic: d.originalTopic ?? '',
    key: d.key ?? '',
    value: d.value ?? '',
    headers: { ...d.headers, [REDRIVE_HEADERS.of]: deadLetterId(d.at), [REDRIVE_HEADERS.at]: redrivenAt.toISOString() },
  };
}

/** The redrive log's record for a dead letter sent back (written once Kafka acknowledged what was sent). */
export function redriveLogRecord(d: DeadLetter, redrivenAt: Date, runId: string): OutgoingRecord {
  const value = { deadLetter: d.at, original: originalId(d), originalTopic: d.originalTopic, originalPartition: d.originalPartition, originalOffset: d.originalOffset, key: d.key, code: d.code, group: d.group, failedAt: d.failedAt.toISOString(), redrivenAt: redrivenAt.toISOString(), runId };
  return { topic: Topic.RedriveLog, key: deadLetterId(d.at), value: JSON.stringify(value) };
}

export interface CountRow {
  originalTopic: string;
  code: string;
  group: string;
  count: number;
}

/** Counts by original topic, code and group, largest first. */
export function countsOf(deadLetters: readonly DeadLetter[]): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const d of deadLetters) {
    const row = { originalTopic: d.originalTopic ?? '(none)', code: d.code, group: d.group || '(none)' };
    const id = `${row.originalTopic}\u0000${row.code}\u0000${row.group}`;
    const current = rows.get(id) ?? { ...row, count: 0 };
    current.count++;
    rows.set(id, current);
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.originalTopic.localeCompare(b.originalTopic) || a.code.localeCompare(b.code) || a.group.localeCompare(b.group));
}

/** Adds one redrive log record to the index (a record it cannot read still counts by its key). */
export function indexLogRecord(index: { deadLetters: Set<string>; originals: Set<string> }, key: string | null, value: string | null): void {
  if (key) index.deadLetters.add(key);
  try {
    const entry = JSON.parse(value ?? '') as { original?: unknown };
    if (typeof entry.original === 'string') index.originals.add(entry.original);
  } catch {
    // Only the key matters for skipping this dead letter; a later run just cannot match its original.
  }
}

/** Under the broker's default 1 MB record batch, with room to spare (as the outbox's default). */
export const MAX_STEP_BYTES = 900_000;

/**
 * Cuts the dead letters to send into steps of at most `count` records and `MAX_STEP_BYTES` of records
 * sent back, so no partition's record batch in one request can exceed what the broker takes.
 */
export function stepsOf(send: readonly DeadLetter[], count: number, at: Date): DeadLetter[][] {
  const steps: DeadLetter[][] = [];
  let step: DeadLetter[] = [];
  let bytes = RECORD_BATCH_OVERHEAD_BYTES;
  for (const d of send) {
    const size = recordBytes(redrivenRecord(d, at));
    if (step.length > 0 && (step.length >= count || bytes + size > MAX_STEP_BYTES)) {
      steps.push(step);
      step = [];
      bytes = RECORD_BATCH_OVERHEAD_BYTES;
    }
    step.push(d);
    bytes += size;
  }
  if (step.length > 0) steps.push(step);
  return steps;
}
