import { Batch, KafkaMessage } from 'kafkajs';
import type { BatchEventHandler, ConsumedEvent } from './consumed-event';
import { DeadLetterReason } from './dead-letter';
import { AttemptOutcome, RetryControls, WorkSource } from './retry-loop';

/**
 * A handler that keeps its state in memory and writes it back in flushes, like Kafka Streams' record
 * cache over its state stores: the consumer commits a partition's offsets only once the state they
 * produced has been flushed, so after a crash the records not flushed are read again (and `apply`
 * must recognise what the stored state already holds).
 */
export interface StatefulHandler {
  /** Applies a partition's batch (decoded, offset order) to the in-memory state, all or nothing; may load keys it has not cached yet. */
  apply(events: ConsumedEvent[]): Promise<void>;
  /** Keys with changes not flushed yet. */
  pending(): number;
  /** True when what is pending holds as much memory as the handler allows (e.g. buffered events, not keys): flush now. */
  full?(): boolean;
  /**
   * Writes the changes applied before the call (what it writes is taken when it is called, before its
   * first await); changes applied while it runs stay pending for the next flush. 'conflict': another
   * writer changed a stored key since it was cached.
   */
  flush(): Promise<'ok' | 'conflict'>;
  /**
   * Forgets every cached key and pending change (the store is the truth again). The consumer may call it
   * while a flush runs (a rejoin, a batch given back): that flush still writes what it took, since the
   * consumer commits its offsets, and applies after the reset see the dropped state (FanOutHandler).
   */
  reset(): void;
  /**
   * True when the partition's offsets must not be committed after `through` (its last record a flush
   * wrote) yet: what is stored for it reaches further than this handler has read (it recognised an
   * earlier writer's writes), and a commit there could fall inside them. The offsets wait for a later
   * flush; they are not lost.
   */
  holdsCommit?(topic: string, partition: number, through: string): boolean;
  /** The partitions this member owns now (told on every join, before their batches). */
  assigned?(assignment: Record<string, number[]>): void;
}

/** When a stateful consumer flushes: when caught up, when this many keys are pending, or this long after the last flush. */
export interface FlushOptions {
  intervalMs: number;
  maxPending: number;
}

export const DEFAULT_FLUSH: FlushOptions = { intervalMs: 1000, maxPending: 10_000 };

export type BatchOutcome = 'done' | 'stopped' | 'rebalanced';

/** What the stateful mode shares with the consumer's other modes: its failure policy, dead letters and metrics. */
export interface ConsumerPolicy {
  isRunning(): boolean;
  isJoined(): boolean;
  processBatch(batch: Batch, handle: BatchEventHandler, controls: RetryControls): Promise<BatchOutcome>;
  attempt(source: WorkSource, work: () => Promise<void>, controls: RetryControls): Promise<AttemptOutcome>;
  decode(batch: Batch, message: KafkaMessage): ConsumedEvent | DeadLetterReason;
  deadLetter(items: [Batch, KafkaMessage, DeadLetterReason][]): Promise<void>;
  count(topic: string, outcome: string, messages: KafkaMessage[]): void;
}

/** Controls for work outside eachBatch (the punctuator, the stop): KafkaJS heartbeats between its own fetches. */
export const idleControls = (isRunning: () => boolean): RetryControls => ({ isRunning, heartbeat: async () => undefined });
