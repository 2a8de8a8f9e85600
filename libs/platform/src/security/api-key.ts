import { createHash, timingSafeEqual } from 'node:crypto';

/** The header write requests carry their key in. */
export const API_KEY_HEADER = 'x-api-key';
/** The name of the OpenAPI security scheme. */
export const API_KEY_SCHEME = 'api-key';
/** Methods that change state: the ones the guard protects. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Shortest accepted key: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const API_KEY_MIN_LENGTH = 32;
/** Printable ASCII without spaces or commas (the list separator). */
export const API_KEY_PATTERN = /^[\x21-\x2b\x2d-\x7e]+$/;

export type ApiKeyVerdict = 'OK' | 'MISSING' | 'INVALID';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether a presented header value is one of the configured keys, in time independent of where they
 * differ: both sides are hashed to equal length and every key is compared (no early exit), so neither
 * the content nor the length of a key leaks through response times.
 */
export function checkApiKey(presented: string | string[] | undefined, keys: readonly string[]): ApiKeyVerdict {
  const value = Array.isArray(presented) ? presented[0] : presented;
  if (value === undefined || value === '') return 'MISSING';
  const candidate = digest(value);
  let matched = false;
  for (const key of keys) matched = timingSafeEqual(candidate, digest(key)) || matched;
  return matched ? 'OK' : 'INVALID';
}
