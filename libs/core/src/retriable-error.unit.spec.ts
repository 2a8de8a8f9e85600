import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import {
  MongoClientClosedError,
  MongoError,
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { DomainError } from './domain-error';
import { isRetriableError, isRetriableStoreError, RetriableKind, retriableKind, TransientError } from './retriable-error';

// The driver builds these internally and does not export them from its index; they are built here as it does.
type Ctor = new (...args: never[]) => MongoError;
const { PoolClearedError, WaitQueueTimeoutError } = jest.requireActual<{ PoolClearedError: Ctor; WaitQueueTimeoutError: Ctor }>('mongodb/lib/cmap/errors');
const { TopologyDescription } = jest.requireActual<{ TopologyDescription: new (...args: unknown[]) => never }>('mongodb/lib/sdam/topology_description');
const { ServerDescription } = jest.requireActual<{ ServerDescription: new (...args: unknown[]) => unknown }>('mongodb/lib/sdam/server_description');

const refused = () => new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017');
/** What the driver throws after serverSelectionTimeoutMS with the server down: the topology, its server's error. */
const selectionTimedOut = () =>
  new MongoServerSelectionError(
    'Server selection timed out after 10000 ms',
    new TopologyDescription('Unknown', new Map([['127.0.0.1:27017', new ServerDescription('127.0.0.1:27017', undefined, { error: refused() })]])),
  );
/** A server's error reply, as the driver turns it into an error. */
const server = (reply: { errmsg: string; code?: number; codeName?: string; errorLabels?: string[] }) => new MongoServerError({ ok: 0, ...reply });

describe('retriableKind', () => {
  it.each<[string, unknown, RetriableKind | null]>([
    // The database unreachable: network, server selection, the connection pool, a closed client.
    ['MongoNetworkError (connection refused)', refused(), 'store'],
    ['MongoNetworkTimeoutError', new MongoNetworkTimeoutError('connection 4 to 127.0.0.1:27017 timed out'), 'store'],
    ['MongoServerSelectionError after the server selection timeout', selectionTimedOut(), 'store'],
    ['MongoPoolClearedError (label PoolRequstedRetry)', new PoolClearedError({ address: '127.0.0.1:27017', serverError: refused() } as never), 'store'],
    ['MongoWaitQueueTimeoutError (no pooled connection in time)', new WaitQueueTimeoutError('Timed out while checking out a connection from connection pool' as never, '127.0.0.1:27017' as never), 'store'],
    ['MongoTopologyClosedError (client closed during shutdown)', new MongoTopologyClosedError(), 'store'],
    ['MongoClientClosedError', new MongoClientClosedError(), 'store'],
    // Fail-over: the server answers, but it is not (or no longer) the primary.
    ['10107 NotWritablePrimary "not primary"', server({ errmsg: 'not primary', code: 10107, codeName: 'NotWritablePrimary' }), 'store'],
    ['11602 InterruptedDueToReplStateChange', server({ errmsg: 'operation was interrupted', code: 11602, codeName: 'InterruptedDueToReplStateChange' }), 'store'],
    ['91 ShutdownInProgress', server({ errmsg: 'The server is in quiesce mode and will shut down', code: 91, codeName: 'ShutdownInProgress' }), 'store'],
    ['189 PrimarySteppedDown', server({ errmsg: 'Primary stepped down while waiting for replication', code: 189, codeName: 'PrimarySteppedDown' }), 'store'],
    ['11600 InterruptedAtShutdown', server({ errmsg: 'interrupted at shutdown', code: 11600, codeName: 'InterruptedAtShutdown' }), 'store'],
    ['13435 NotPrimaryNoSecondaryOk', server({ errmsg: 'not master and slaveOk=false', code: 13435, codeName: 'NotPrimaryNoSecondaryOk' }), 'store'],
    ['a code name without a code', server({ errmsg: 'stepped down', codeName: 'PrimarySteppedDown' }), 'store'],
    ['a legacy "not master" without a code', server({ errmsg: 'not master' }), 'store'],
    ['the server labelled it RetryableWriteError', server({ errmsg: 'write failed', code: 9999, errorLabels: ['RetryableWriteError'] }), 'store'],
    ['112 WriteConflict labelled TransientTransactionError', server({ errmsg: 'Write conflict during plan execution', code: 112, codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] }), 'store'],
    [
      "FerretDB's 1 InternalError \"context canceled\" (an operation cut short by its shutdown)",
      server({ errmsg: '[msg_update.go:120 handler.(*Handler).updateDocument] [collection.go:87 sqlite.(*collection).Query] context canceled', code: 1, codeName: 'InternalError' }),
      'store',
    ],
    ['a write concern error ShutdownInProgress', new MongoWriteConcernError({ ok: 1, writeConcernError: { code: 91, codeName: 'ShutdownInProgress', errmsg: 'shutdown in progress' } }), 'store'],
    ['a server error from another copy of the driver (duck-typed)', { name: 'MongoServerError', code: 189, message: 'Primary stepped down' }, 'store'],
    ['a plain object labelled ResetPool', { name: 'MongoNetworkError', message: 'x', errorLabels: ['ResetPool'] }, 'store'],
    // The broker, as KafkaJS says.
    ['KafkaJSConnectionError', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092' }), 'broker'],
    ['KafkaJSRequestTimeoutError', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'), 'broker'],
    ['KafkaJSProtocolError NOT_LEADER_OR_FOLLOWER (retriable)', new KafkaJSProtocolError({ message: 'This server is not the leader for that topic-partition', type: 'NOT_LEADER_OR_FOLLOWER', code: 6, retriable: true } as never), 'broker'],
    ['KafkaJS retries exhausted on a connection error', new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 5, retryTime: 3000 }), 'broker'],
    // Declared by the code.
    ['TransientError', new TransientError('product p-1 kept changing under the shipment'), 'declared'],
    ['an error that says retriable (a lost optimistic race)', Object.assign(new Error('products: 1 document(s) changed since read'), { name: 'WriteConflictError', retriable: true }), 'declared'],
    // The request, the message or the code is wrong: retrying cannot help.
    ['TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'items')"), null],
    ['11000 duplicate key', server({ errmsg: 'E11000 duplicate key error collection: app.customers index: _id_', code: 11000, codeName: 'DuplicateKey' }), null],
    ['121 DocumentValidationFailure', server({ errmsg: 'Document failed validation', code: 121, codeName: 'DocumentValidationFailure' }), null],
    ['11601 Interrupted (killOp: not a fail-over)', server({ errmsg: 'operation was interrupted', code: 11601, codeName: 'Interrupted' }), null],
    ['a coded error saying "not primary" whose code is not a fail-over', server({ errmsg: 'not primary for this', code: 2, codeName: 'BadValue' }), null],
    ['1 InternalError for another reason', server({ errmsg: 'database disk image is malformed', code: 1, codeName: 'InternalError' }), null],
    ['MongoParseError', new MongoParseError('Invalid scheme'), null],
    ['MongoInvalidArgumentError', new MongoInvalidArgumentError('Update document requires atomic operators'), null],
    ['KafkaJSNonRetriableError', new KafkaJSNonRetriableError('Invalid message'), null],
    ['KafkaJSProtocolError TOPIC_AUTHORIZATION_FAILED', new KafkaJSProtocolError({ message: 'Not authorized to access topics', type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false } as never), null],
    ['a KafkaJS error with a MongoDB fail-over code', Object.assign(new KafkaJSNonRetriableError('x'), { code: 10107 }), null],
    ['a DomainError', new DomainError('Unprocessable', 'ORDER.PRODUCT_UNKNOWN', 'unknown product'), null],
    ['a plain Error', new Error('cannot project o-bad'), null],
    ['an error with retriable false', Object.assign(new Error('x'), { retriable: false }), null],
    ['a thrown string', 'boom', null],
    ['null', null, null],
    ['undefined', undefined, null],
  ])('%s', (_what, error, kind) => {
    expect(retriableKind(error)).toBe(kind);
    expect(isRetriableError(error)).toBe(kind !== null);
    expect(isRetriableStoreError(error)).toBe(kind === 'store');
  });

  it('keeps TransientError an Error with its name, message and cause', () => {
    const cause = refused();
    const error = new TransientError('catalog down', { cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.message, error.cause]).toEqual(['TransientError', 'catalog down', cause]);
  });
});
