import { DomainError, err, ok, Result } from '@app/core';
import { createHash } from 'node:crypto';

/** The request header (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer replayed from an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** 1 to 128 of letters, digits and `_ . : -`: a UUID, ULID or any opaque token fits. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

const KEY_RULE = 'must be 1 to 128 characters, letters, digits and _ . : - only';

/** The key a request carries; absent is fine (no idempotency), malformed or repeated is 400. */
export function parseIdempotencyKey(header: string | string[] | undefined): Result<string | undefined> {
  if (header === undefined) return ok(undefined);
  if (typeof header === 'string' && IDEMPOTENCY_KEY_PATTERN.test(header)) return ok(header);
  return err(new DomainError('Invalid', 'REQUEST.BAD_HEADER', `Idempotency-Key ${KEY_RULE}`, [{ field: 'Idempotency-Key', message: KEY_RULE }]));
}

/**
 * Where a key is unique: the operation (method and route template) and the caller, named by a digest
 * of its API key (every caller is one when no key is sent). The same key on another route is another key.
 */
export function idempotencyScope(method: string, route: string, apiKey: string | undefined): string {
  const caller = apiKey ? createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 32) : '-';
  return `${method} ${route}|${caller}`;
}
