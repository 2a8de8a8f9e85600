import { MongoError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/**
 * A unique index refused the write. (Whether an error is transient — network, server selection,
 * fail-over — is answered for every dependency by isRetriableError in @app/core.)
 */
export const isDuplicateKeyError = (error: unknown): boolean => error instanceof MongoError && error.code === DUPLICATE_KEY;
