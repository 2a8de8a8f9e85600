import { isTransientMongoError } from '@app/mongo/mongo-errors';

/** How a consumer treats a failing message: transient errors are retried with backoff, then dead-lettered. */
export interface FailurePolicy {
  maxRetries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  isTransient(error: unknown): boolean;
}

/** Marks an error a handler knows to be temporary (a dependency is down, not the message is bad). */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export const isTransient = (error: unknown): boolean =>
  error instanceof TransientError ||
  isTransientMongoError(error) ||
  (typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true);

export const defaultFailurePolicy: FailurePolicy = {
  maxRetries: 8,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  isTransient,
};

/** Exponential backoff with full jitter, capped. */
export function backoffMs(policy: FailurePolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
