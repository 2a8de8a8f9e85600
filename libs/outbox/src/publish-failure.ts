import { isRetriableError, TransientError } from '@app/core';
import { SetAsideCode } from './publish-plan';

/** The relay stopped waiting for Kafka's answer; the send may still complete (at-least-once). */
export class PublishTimeoutError extends TransientError {
  constructor(ms: number) {
    super(`Kafka did not acknowledge the outbox request within ${ms} ms`);
    this.name = 'PublishTimeoutError';
  }
}

export type FailureDecision =
  | { action: 'retry' }
  | { action: 'isolate' }
  | { action: 'set-aside'; code: SetAsideCode; reason: string };

const MAX_REASON_LENGTH = 500;

/** The error's name and message, and the Kafka protocol error type found along its causes (e.g. MESSAGE_TOO_LARGE). */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, MAX_REASON_LENGTH);
  let type: string | undefined;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5 && !type; e = e.cause, depth++) {
    const candidate = (e as { type?: unknown }).type;
    if (typeof candidate === 'string') type = candidate;
  }
  const text = `${error.name}${type ? ` ${type}` : ''}: ${error.message}`;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

/**
 * A transient failure (broker or network, a timeout) is retried and never sets anything aside. A
 * refusal of a request with several records does not say which record was refused, so they are sent
 * one by one; a record refused on its own is set aside with the broker's reason.
 */
export function decideOnFailure(error: unknown, recordsInRequest: number): FailureDecision {
  if (isRetriableError(error)) return { action: 'retry' };
  if (recordsInRequest > 1) return { action: 'isolate' };
  return { action: 'set-aside', code: 'REFUSED', reason: describeFailure(error) };
}
