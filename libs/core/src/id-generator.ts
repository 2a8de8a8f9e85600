import { createHash, randomUUID } from 'node:crypto';

/** Ids are injected for the same reason as the clock. */
export interface IdGenerator {
  next(): string;
}

export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const uuidGenerator: IdGenerator = { next: () => randomUUID() };

/**
 * A UUID (version 5 layout) derived from a name: the same name always gives the same id, so an event
 * derived twice from the same source (a redelivery, a replay) carries the same event id.
 */
export function nameBasedId(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
