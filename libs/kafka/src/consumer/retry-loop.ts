import { DeadLetterReason, rejectersOf } from './dead-letter';
import { backoffMs, FailurePolicy } from './failure-policy';

/**
 * How one piece of work (a message, or a whole batch) ended: done; handed back to KafkaJS unresolved
 * because the consumer is stopping or the group is rebalancing (the record is fetched again, here or by
 * the partition's next owner); or poison, to be dead-lettered with this reason.
 */
export type AttemptOutcome = 'ok' | 'stopped' | 'rebalanced' | DeadLetterReason;

/** What the loop needs from KafkaJS' eachBatch payload. */
export interface RetryControls {
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** KafkaJS sends one only every heartbeatInterval (3 s) however often it is called; throws on a rebalance. */
  heartbeat(): Promise<void>;
}

/** Where the work under retry comes from, for the logs. */
export interface WorkSource {
  topic: string;
  partition: number;
  offset: string;
}

/** Time, injected so a test can run an outage of minutes in milliseconds. */
export interface RetryEnv {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemRetryEnv: RetryEnv = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** One backoff step: the work failed with a transient error and is tried again after `delayMs`. */
export interface RetryStep {
  /** Attempts made so far (1 after the first failure). */
  attempts: number;
  /** When the first attempt failed: since when this work has been waiting for a dependency. */
  since: Date;
  /** The last error as `name: message`. */
  reason: string;
  error: unknown;
  delayMs: number;
}

/** Told about the waiting, so the consumer can log it and report it to readiness. */
export interface RetryObserver {
  /** Once per backoff step, before its wait. */
  retrying(step: RetryStep): void;
  /** Once when work that had to wait is over: its outcome, or 'failed' when a heartbeat error escaped. */
  settled(outcome: AttemptOutcome | 'failed', last: RetryStep): void;
}

export interface RetryOptions {
  policy: FailurePolicy;
  controls: RetryControls;
  env: RetryEnv;
  observer: RetryObserver;
}

/** How often a backoff wait wakes up to heartbeat and to notice a stop; below any session timeout (6 s at least). */
export const WAIT_SLICE_MS = 1000;

/** KafkaJS protocol errors (`type`) that mean this member's generation is over: it must rejoin the group. */
const REJOIN_TYPES = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

export const isRebalanceError = (error: unknown): boolean => REJOIN_TYPES.has((error as { type?: unknown } | null)?.type as string);

/**
 * Runs `work` under the failure policy. A transient error is retried for as long as it takes (capped,
 * jittered exponential backoff): an outage never dead-letters a good event, the partition waits. Any
 * other error is the message's fault: HANDLER_REJECTED at once, so a handler that keeps throwing one is
 * never spun on.
 *
 * The wait runs inside KafkaJS' eachBatch, in slices of WAIT_SLICE_MS with a heartbeat after each, so
 * the member stays in its group however long the outage lasts, and a stop is noticed within a slice. A
 * heartbeat that finds the group rebalancing ends the loop with 'rebalanced' (nothing resolved): KafkaJS
 * has already committed what was resolved before, its own next heartbeat after eachBatch returns throws
 * the same error and it rejoins; whoever owns the partition then fetches the record again. Any other
 * heartbeat error (the broker is gone) is thrown to KafkaJS, which retries or restarts the consumer.
 *
 * Why wait inside eachBatch rather than pause() the partition and resume it from a timer: the outage is
 * of a dependency every partition of this consumer shares (they would all fail the same way), the
 * attempt count, the start of the outage and the record stay in one place instead of in state kept
 * across fetches per partition and offset (and cleaned up on revocation or stop), and KafkaJS' runner
 * is left alone. The price, one partition blocking the others of this consumer while it waits, is what
 * a dependency outage means anyway.
 */
export async function retryTransient(work: () => Promise<void>, { policy, controls, env, observer }: RetryOptions): Promise<AttemptOutcome> {
  let last: RetryStep | undefined;
  let outcome: AttemptOutcome | 'failed' = 'failed';
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await work();
        return (outcome = 'ok');
      } catch (error) {
        if (!policy.isTransient(error)) {
          const rejectedBy = rejectersOf(error);
          return (outcome = { code: 'HANDLER_REJECTED', reason: messageOf(error), attempts: attempt + 1, ...(rejectedBy ? { rejectedBy } : {}) });
        }
        last = { attempts: attempt + 1, since: last?.since ?? env.now(), reason: describe(error), error, delayMs: backoffMs(policy, attempt, env.random) };
        observer.retrying(last);
      }
      const waited = await waitAlive(last.delayMs, controls, env);
      if (waited !== 'ok') return (outcome = waited);
    }
  } finally {
    if (last) observer.settled(outcome, last);
  }
}

/** Sleeps `ms` in slices, heartbeating after each; ends early on a stop or a rebalance. */
async function waitAlive(ms: number, controls: RetryControls, env: RetryEnv): Promise<'ok' | 'stopped' | 'rebalanced'> {
  for (let left = ms; left > 0; left -= WAIT_SLICE_MS) {
    if (!controls.isRunning()) return 'stopped';
    await env.sleep(Math.min(left, WAIT_SLICE_MS));
    if (!controls.isRunning()) return 'stopped';
    try {
      await controls.heartbeat();
    } catch (error) {
      if (isRebalanceError(error)) return 'rebalanced';
      throw error;
    }
  }
  return controls.isRunning() ? 'ok' : 'stopped';
}

/** What a dead letter says about the error (its `dlq-reason` header). */
export const messageOf = (error: unknown): string => (error as Error | null)?.message ?? String(error);

const describe = (error: unknown): string => {
  const name = (error as Error | null)?.name;
  const text = name && name !== 'Error' ? `${name}: ${messageOf(error)}` : messageOf(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const HEARTBEAT_WHILE_BUSY_MS = 3000;

/**
 * Heartbeats while one long piece of work runs: a view batch written to a slow database must not
 * outlast the session timeout, or the group drops the member and the batch is done twice.
 */
export async function whileAlive(heartbeat: () => Promise<void>, work: () => Promise<void>): Promise<void> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_WHILE_BUSY_MS);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
}
