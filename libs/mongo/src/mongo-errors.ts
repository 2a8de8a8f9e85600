import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';

const DUPLICATE_KEY = 11000;

export const isDuplicateKeyError = (error: unknown): boolean => error instanceof MongoError && error.code === DUPLICATE_KEY;

/** Errors worth retrying: the server or the network, not the request. */
export function isTransientMongoError(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  return error instanceof MongoError && (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('TransientTransactionError'));
}
