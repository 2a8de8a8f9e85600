import { MONGO_DB } from '@app/mongo/mongo.module';
import { isDuplicateKeyError } from '@app/mongo/mongo-errors';
import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { claimTimes, IdempotencyRecord, IdempotencyVerdict, judgeExisting, StoredAnswer } from './idempotency.decider';
import { IdempotentServiceConfig } from './idempotency.config';

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
/** Longer than any request runs (replica waits ≤ 30 s, the driver's server selection 10 s). */
export const IDEMPOTENCY_LEASE_MS = 60_000;
const MAX_ROUNDS = 5;

export type Claim = { kind: 'claimed'; attempt: string } | Exclude<IdempotencyVerdict, { kind: 'expired' } | { kind: 'take-over' }>;

/** Keys and their answers in the service's database; every step is one single-document write. */
@Injectable()
export class IdempotencyStore {
  readonly collection: Collection<IdempotencyRecord>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly config: IdempotentServiceConfig,
  ) {
    this.collection = db.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
  }

  /** Claims the key for this request (insert, unique `_id`: one of concurrent requests wins), or says why not. */
  async claim(id: string, fingerprint: string, now: Date): Promise<Claim> {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const attempt = randomUUID();
      const times = claimTimes(now, IDEMPOTENCY_LEASE_MS, this.config.IDEMPOTENCY_RETENTION_SECONDS);
      try {
        await this.collection.insertOne({ _id: id, fingerprint, attempt, state: 'running', ...times });
        return { kind: 'claimed', attempt };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.collection.findOne({ _id: id });
      if (!existing) continue;
      const verdict = judgeExisting(existing, fingerprint, now);
      if (verdict.kind === 'expired') {
        await this.collection.deleteOne({ _id: id, attempt: existing.attempt });
      } else if (verdict.kind === 'take-over') {
        const taken = await this.collection.updateOne({ _id: id, attempt: existing.attempt, state: 'running' }, { $set: { attempt, lockedUntil: times.lockedUntil } });
        if (taken.matchedCount === 1) return { kind: 'claimed', attempt };
      } else {
        return verdict;
      }
    }
    return { kind: 'in-progress' };
  }

  /** Keeps the answer for retries (only the claim that ran the request may). */
  async complete(id: string, attempt: string, answer: StoredAnswer): Promise<void> {
    await this.collection.updateOne({ _id: id, attempt }, { $set: { state: 'done', answer } });
  }

  /** Gives the key back: the request changed nothing, a retry runs afresh. */
  async release(id: string, attempt: string): Promise<void> {
    await this.collection.deleteOne({ _id: id, attempt });
  }

  /** Deletes expired keys (FerretDB v1 has no TTL index); returns how many. */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
