/** An answer as it was sent: replayed as it is to a retry with the same key and request. */
export interface StoredAnswer {
  status: number;
  body: unknown;
  /** Content-Type, ETag, Location: the headers that belong to the answer. */
  headers: Record<string, string>;
}

/** What is kept per key. */
export interface IdempotencyRecord {
  _id: string;
  fingerprint: string;
  /** The claim of the request that runs (or ran) it: only that request may complete or release the key. */
  attempt: string;
  state: 'running' | 'done';
  /** A running request that has not finished by then is taken for dead (its process crashed). */
  lockedUntil: Date;
  /** The key is forgotten from then on (read as absent; deleted by the sweep). */
  expiresAt: Date;
  answer?: StoredAnswer;
}

export type IdempotencyVerdict =
  | { kind: 'expired' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in-progress' }
  | { kind: 'take-over' };

/** What a request finds when its key is already there. */
export function judgeExisting(record: IdempotencyRecord, fingerprint: string, now: Date): IdempotencyVerdict {
  if (record.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (record.state === 'done' && record.answer) return { kind: 'replay', answer: record.answer };
  return record.lockedUntil.getTime() > now.getTime() ? { kind: 'in-progress' } : { kind: 'take-over' };
}

/**
 * Whether an answer is the request's outcome, kept for retries: successes and refusals of the request
 * as sent (400, 404, 422). A conflict (409: stock, a concurrent write) and a failure (5xx: store down,
 * replica behind) changed nothing and may go another way later: the key is released and a retry runs.
 */
export function keepsAnswer(status: number): boolean {
  return status < 500 && status !== 409 && status !== 429;
}

/** The times a new claim carries. */
export function claimTimes(now: Date, leaseMs: number, retentionSeconds: number): Pick<IdempotencyRecord, 'lockedUntil' | 'expiresAt'> {
  return { lockedUntil: new Date(now.getTime() + leaseMs), expiresAt: new Date(now.getTime() + retentionSeconds * 1000) };
}
