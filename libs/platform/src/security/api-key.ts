import { createHash, timingSafeEqual } from 'node:crypto';

/** The header requests carry their key in. */
export const API_KEY_HEADER = 'x-api-key';
/** The name of the OpenAPI security scheme. */
export const API_KEY_SCHEME = 'api-key';
/** What stays open with API keys configured (API_OPEN_PATHS): probes, Prometheus, the API's own document. */
export const DEFAULT_OPEN_PATHS: readonly string[] = ['/health', '/metrics', '/docs', '/docs-json'];
/** An open path prefix: `/` then path segments, no trailing slash, no query, wildcard or dot segment. */
export const OPEN_PATH_PATTERN = /^(\/(?!\.{1,2}(\/|$))[A-Za-z0-9._~-]+)+$/;
/** Shortest accepted key: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const API_KEY_MIN_LENGTH = 32;
/** Printable ASCII without spaces or commas (the list separator). */
export const API_KEY_PATTERN = /^[\x21-\x2b\x2d-\x7e]+$/;

export type ApiKeyVerdict = 'OK' | 'MISSING' | 'INVALID';

/**
 * Whether a request path lies under one of the prefixes, segment by segment: `/health` covers `/health`
 * and `/health/live`, not `/healthcheck`. Case-sensitive, so a differently spelled path is never opened
 * by accident.
 */
export const isUnderPrefix = (path: string, open: readonly string[]): boolean => open.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

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
