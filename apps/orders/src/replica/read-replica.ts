import { DomainError } from '@app/core';

interface Replica<V> {
  findById(id: string): Promise<V | null>;
  waitForVersion(id: string, minVersion: number, timeoutMs: number): Promise<V | null>;
}

/**
 * Reads one replicated aggregate; with `minVersion` waits (bounded) for it — read-your-writes.
 * Absent: 404 `<what>_REPLICA.NOT_FOUND`; still older than asked: 503 REPLICA.NOT_CAUGHT_UP.
 */
export async function readReplica<V extends { version: number }>(
  replica: Replica<V>,
  what: 'CUSTOMER' | 'PRODUCT',
  id: string,
  minVersion: number | undefined,
  maxWaitMs: number,
): Promise<V> {
  const view = minVersion ? await replica.waitForVersion(id, minVersion, maxWaitMs) : await replica.findById(id);
  if (!view && !minVersion) throw new DomainError('NotFound', `${what}_REPLICA.NOT_FOUND`, `${what.toLowerCase()} ${id} is not in the replica`);
  if (!view || (minVersion && view.version < minVersion)) {
    throw new DomainError('Unavailable', 'REPLICA.NOT_CAUGHT_UP', `replica has not reached version ${minVersion} of ${what.toLowerCase()} ${id} yet`);
  }
  return view;
}
