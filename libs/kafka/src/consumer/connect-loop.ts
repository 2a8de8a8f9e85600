import { backoffMs } from './failure-policy';
import { RetryEnv, WAIT_SLICE_MS } from './retry-loop';

/** Between two connect attempts; each attempt already retries for about a minute inside KafkaJS. */
export const CONNECT_BACKOFF = { initialBackoffMs: 1000, maxBackoffMs: 30_000 };

export interface ConnectLoopOptions {
  env: RetryEnv;
  /** False once the consumer is stopping: the loop ends without connecting. */
  isRunning(): boolean;
  failed(error: unknown, attempts: number, retryInMs: number): void;
}

/**
 * Runs `connect` until it succeeds, with capped, jittered backoff between attempts, for as long as it
 * takes: Kafka down at boot is waited out, never a reason to exit. Resolves true once connected, false
 * if stopped first (a stop is noticed within a WAIT_SLICE_MS).
 */
export async function connectUntilDone(connect: () => Promise<void>, { env, isRunning, failed }: ConnectLoopOptions): Promise<boolean> {
  for (let attempt = 0; isRunning(); attempt++) {
    try {
      await connect();
      return isRunning();
    } catch (error) {
      const delayMs = backoffMs(CONNECT_BACKOFF, attempt, env.random);
      failed(error, attempt + 1, delayMs);
      for (let left = delayMs; left > 0 && isRunning(); left -= WAIT_SLICE_MS) await env.sleep(Math.min(left, WAIT_SLICE_MS));
    }
  }
  return false;
}
