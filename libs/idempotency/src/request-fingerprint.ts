import { createHash } from 'node:crypto';

/** JSON with every object's keys sorted: the same request written with another key order is the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests under one key "the same": their path parameters and their JSON body. */
export function requestFingerprint(params: unknown, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ params: params ?? {}, body: body ?? null }), 'utf8').digest('hex');
}
