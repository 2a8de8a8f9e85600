import { randomUUID } from 'node:crypto';

/** Ids are injected for the same reason as the clock. */
export interface IdGenerator {
  next(): string;
}

export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const uuidGenerator: IdGenerator = { next: () => randomUUID() };
