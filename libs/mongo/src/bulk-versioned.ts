import { AnyBulkWriteOperation, Collection, Document, MongoBulkWriteError } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

const DUPLICATE_KEY = 11000;

/**
 * Writes each document only if it is newer than the stored one, in one unordered bulk: the filter
 * misses on an equal or higher version, the upsert then collides on _id, and that duplicate-key error
 * means "already have it" — so redelivered batches change nothing.
 */
export async function upsertNewer<T extends Document & { _id: string; version: number }>(collection: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  const ops = docs.map(({ _id, ...fields }) => ({
    updateOne: { filter: { _id, version: { $lt: fields.version } }, update: { $set: fields }, upsert: true },
  })) as unknown as AnyBulkWriteOperation<T>[];
  await bulkIgnoringDuplicates(collection, ops);
}

/** Inserts documents in one unordered bulk and answers the ids that were taken already (those documents are left alone). */
export async function insertTakingIds<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[]): Promise<string[]> {
  if (docs.length === 0) return [];
  const ops = docs.map((document) => ({ insertOne: { document } })) as unknown as AnyBulkWriteOperation<T>[];
  return (await bulkIgnoringDuplicates(collection, ops)).map((i) => docs[i]._id);
}

/** Runs an unordered bulk; answers the indexes of the operations that failed on a duplicate key (any other failure throws). */
async function bulkIgnoringDuplicates<T extends Document>(collection: Collection<T>, ops: AnyBulkWriteOperation<T>[]): Promise<number[]> {
  try {
    await collection.bulkWrite(ops, { ordered: false });
    return [];
  } catch (error) {
    if (error instanceof MongoBulkWriteError) {
      const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (errors.every((e) => e.code === DUPLICATE_KEY)) return errors.map((e) => e.index);
    }
    if (isDuplicateKeyError(error)) return ops.map((_, i) => i);
    throw error;
  }
}

export interface VersionedWrite {
  _id: string;
  /** The document version the change was computed from; null for a document not stored yet. */
  version: number | null;
  set: Document;
  /** Arrays to append to (never replaced, so concurrent appenders/removers keep their work). */
  push?: Record<string, Document[]>;
}

/** Thrown when a conditioned write found the document changed since it was read. */
export class WriteConflictError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WriteConflictError';
  }
}

/**
 * Optimistic read-modify-write of many documents in one unordered bulk: each update is conditioned on
 * the version it was read at and bumps it; a new document is inserted at version 1. If any write lost a
 * race the caller gets a WriteConflictError (retriable) and re-reads; the writes that did land must be
 * idempotent for the caller's retry (guarded by event versions inside the documents).
 */
export async function saveAtVersion<T extends Document & { _id: string }>(collection: Collection<T>, writes: VersionedWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const ops = writes.map(({ _id, version, set, push = {} }) => {
    const appends = Object.entries(push).filter(([, items]) => items.length > 0);
    if (version === null) return { insertOne: { document: { _id, ...set, ...Object.fromEntries(appends), version: 1 } } };
    const $push = Object.fromEntries(appends.map(([field, items]) => [field, { $each: items }]));
    return { updateOne: { filter: { _id, version }, update: { $set: set, $inc: { version: 1 }, ...(appends.length > 0 ? { $push } : {}) } } };
  }) as unknown as AnyBulkWriteOperation<T>[];
  const updates = writes.filter((w) => w.version !== null).length;
  let matched: number;
  try {
    matched = (await collection.bulkWrite(ops, { ordered: false })).matchedCount;
  } catch (error) {
    if (error instanceof MongoBulkWriteError || isDuplicateKeyError(error)) throw new WriteConflictError(`${collection.collectionName}: a concurrent writer got there first`, { cause: error });
    throw error;
  }
  if (matched !== updates) throw new WriteConflictError(`${collection.collectionName}: ${updates - matched} document(s) changed since read`);
}
