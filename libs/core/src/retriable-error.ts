/**
 * One answer to "is this error worth retrying?", shared by the consumers' failure policy and the HTTP
 * problem details. Transient means a dependency is down, restarting or failing over — not that the
 * message or the request is wrong. libs/core does not import the mongodb driver or KafkaJS: the rules
 * duck-type on what their errors carry (`name`, `code`, `codeName`, error labels, `retriable`).
 */

/** Marks an error a handler knows to be temporary (a dependency is down, not the message is bad). */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Which dependency a transient error comes from: the database, the broker, or the code said so. */
export type RetriableKind = 'store' | 'broker' | 'declared';

/**
 * The mongodb driver's (6.x) errors for a server it cannot reach or a connection it lost: network and
 * socket timeouts, server selection, the connection pool (cleared, closed, no connection in time) and a
 * client or topology closed under a running operation (shutdown) — never the request's fault.
 */
const MONGO_UNREACHABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoNotConnectedError',
]);

/**
 * Server error codes the driver itself retries (its RETRYABLE_READ/WRITE_ERROR_CODES) plus the legacy
 * "not master": fail-over (not primary, stepped down, interrupted by a replica-set state change or a
 * shutdown) and unreachable hosts. The code names are checked too, for errors that carry only those.
 */
const MONGO_RETRYABLE_CODES = new Map<number, string>([
  [6, 'HostUnreachable'],
  [7, 'HostNotFound'],
  [89, 'NetworkTimeout'],
  [91, 'ShutdownInProgress'],
  [134, 'ReadConcernMajorityNotAvailableYet'],
  [189, 'PrimarySteppedDown'],
  [262, 'ExceededTimeLimit'],
  [9001, 'SocketException'],
  [10058, 'LegacyNotPrimary'],
  [10107, 'NotWritablePrimary'],
  [11600, 'InterruptedAtShutdown'],
  [11602, 'InterruptedDueToReplStateChange'],
  [13435, 'NotPrimaryNoSecondaryOk'],
  [13436, 'NotPrimaryOrSecondary'],
]);
const MONGO_RETRYABLE_CODE_NAMES = new Set(MONGO_RETRYABLE_CODES.values());

/**
 * Labels the server or the driver put on an error that a retry can fix ('PoolRequstedRetry' is the
 * driver's own spelling).
 */
const MONGO_RETRYABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'PoolRequstedRetry', 'InterruptInUseConnections'];

/** What servers without error codes say on fail-over (the driver checks the same texts). */
const MONGO_FAILOVER_MESSAGE = /not master|not primary|node is recovering/i;

/**
 * FerretDB's answer to an operation its own shutdown cut short: code 1 (InternalError) with Go's
 * "context canceled", where MongoDB would send 11600 InterruptedAtShutdown. Seen in the chaos MongoDB
 * outage: a PUT /customers during the server's graceful stop got it and answered 500 instead of 503.
 */
const INTERNAL_ERROR = 1;
const SERVER_SHUTDOWN_CANCELLED = /\bcontext canceled\b/;

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  codeName?: unknown;
  errorLabels?: unknown;
  hasErrorLabel?: unknown;
  writeConcernError?: { code?: unknown; codeName?: unknown };
  retriable?: unknown;
  cause?: unknown;
}

/** The kind of transient error this is, or null when retrying cannot help (a bug, a bad request, a duplicate key). */
export function retriableKind(error: unknown): RetriableKind | null {
  if (typeof error !== 'object' || error === null) return null;
  if (error instanceof TransientError) return 'declared';
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  if (isRetriableMongoError(e, name)) return 'store';
  if (name.startsWith('KafkaJS')) {
    if (e.retriable === true) return 'broker';
    // KafkaJS' own retries ran out on a retriable error: the broker stayed unreachable, the record is fine.
    if (name === 'KafkaJSNumberOfRetriesExceeded' && retriableKind(e.cause) === 'broker') return 'broker';
    return null;
  }
  // Errors that declare themselves retriable (e.g. a lost optimistic-concurrency race).
  return e.retriable === true || name === 'TransientError' ? 'declared' : null;
}

/** Transient: a dependency is down, restarting or failing over; a retry later may succeed. */
export const isRetriableError = (error: unknown): boolean => retriableKind(error) !== null;

/** The database (or the connection to it) is the problem, not the request. */
export const isRetriableStoreError = (error: unknown): boolean => retriableKind(error) === 'store';

function isRetriableMongoError(e: ErrorShape, name: string): boolean {
  if (MONGO_UNREACHABLE_NAMES.has(name)) return true;
  if (MONGO_RETRYABLE_LABELS.some((label) => hasLabel(e, label))) return true;
  // Codes are MongoDB's only on MongoDB's errors (KafkaJS has codes of its own).
  if (!name.startsWith('Mongo')) return false;
  if (isRetryableCode(e.code, e.codeName)) return true;
  if (e.code === INTERNAL_ERROR && typeof e.message === 'string' && SERVER_SHUTDOWN_CANCELLED.test(e.message)) return true;
  // A write that reached the primary but not its write concern, e.g. the primary shut down meanwhile.
  if (e.writeConcernError && isRetryableCode(e.writeConcernError.code, e.writeConcernError.codeName)) return true;
  // Like the driver: the message counts only when the server sent no code.
  return typeof e.code !== 'number' && typeof e.message === 'string' && MONGO_FAILOVER_MESSAGE.test(e.message);
}

function isRetryableCode(code: unknown, codeName: unknown): boolean {
  return (typeof code === 'number' && MONGO_RETRYABLE_CODES.has(code)) || (typeof codeName === 'string' && MONGO_RETRYABLE_CODE_NAMES.has(codeName));
}

function hasLabel(e: ErrorShape, label: string): boolean {
  if (typeof e.hasErrorLabel === 'function') return (e.hasErrorLabel as (l: string) => boolean).call(e, label) === true;
  return Array.isArray(e.errorLabels) && e.errorLabels.includes(label);
}
