import { isRetriableError } from '@app/core';

// Handlers import TransientError from '@app/kafka'; it lives in libs/core with the classifier.
export { TransientError } from '@app/core';

/**
 * How a consumer treats a failing message: a transient error (see isRetriableError) is retried with
 * capped, jittered exponential backoff for as long as it takes — an outage never dead-letters a good
 * event; any other error means the message is poison and is dead-lettered at once.
 */
export interface FailurePolicy {
  initialBackoffMs: number;
  /** The longest wait between two attempts, however long the outage. */
  maxBackoffMs: number;
  isTransient(error: unknown): boolean;
}

export const defaultFailurePolicy: FailurePolicy = {
  initialBackoffMs: 100,
  maxBackoffMs: 30_000,
  isTransient: isRetriableError,
};

/** Exponential backoff with jitter (between half and all of the step), capped. */
export function backoffMs(policy: Pick<FailurePolicy, 'initialBackoffMs' | 'maxBackoffMs'>, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
