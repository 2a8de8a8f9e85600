import { DomainError } from '@app/core';
import { ArgumentsHost } from '@nestjs/common';
import { KafkaJSConnectionError } from 'kafkajs';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Runs the filter on an HTTP request and returns what it sent. */
function render(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const res = {
    setHeader: (k: string, v: string) => (sent.headers[k.toLowerCase()] = v),
    status: (s: number) => ((sent.status = s), res),
    type: () => res,
    send: (b: Record<string, unknown>) => ((sent.body = b), res),
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/x' }), getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it.each([
    ['server selection timed out', new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map() } as never)],
    ['the connection dropped', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['the primary stepped down (fail-over)', new MongoServerError({ ok: 0, errmsg: 'not primary', code: 10107, codeName: 'NotWritablePrimary' })],
    ['the primary is shutting down', new MongoServerError({ ok: 0, errmsg: 'interrupted at shutdown', code: 11600, codeName: 'InterruptedAtShutdown' })],
  ])('a database that is down (%s) is a 503 STORE.UNAVAILABLE with Retry-After, its message not shown', (_what, error) => {
    const sent = render(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    expect(sent.body).toMatchObject({ status: 503, code: 'STORE.UNAVAILABLE', instance: '/x' });
    expect(JSON.stringify(sent.body)).not.toContain('27017');
  });

  it.each([
    ['a duplicate key', new MongoServerError({ ok: 0, errmsg: 'E11000 duplicate key error', code: 11000, codeName: 'DuplicateKey' })],
    ['a broker error (transient, but not the database)', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')],
    ['an error that says retriable (a lost optimistic race)', Object.assign(new Error('products: 1 document(s) changed since read'), { name: 'WriteConflictError', retriable: true })],
  ])('%s is not STORE.UNAVAILABLE but a 500 INTERNAL', (_what, error) => {
    expect(render(error).body).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('an unexpected error is a 500 INTERNAL without its message or stack', () => {
    const sent = render(new TypeError('cannot read properties of undefined (reading secret)'));
    expect(sent.body).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'unexpected error' });
    expect(JSON.stringify(sent.body)).not.toMatch(/secret|TypeError|at /);
  });

  it('a domain error keeps its kind, code and message', () => {
    expect(render(new DomainError('Unavailable', 'REPLICA.NOT_CAUGHT_UP', 'not yet')).body).toMatchObject({ status: 503, code: 'REPLICA.NOT_CAUGHT_UP', detail: 'not yet' });
  });
});
