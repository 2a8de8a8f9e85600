import { claimTimes, IdempotencyRecord, judgeExisting, keepsAnswer } from './idempotency.decider';
import { idempotencyScope, parseIdempotencyKey } from './idempotency-key';
import { canonicalJson, requestFingerprint } from './request-fingerprint';

const now = new Date('2026-05-01T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const record = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  _id: 'POST /orders|-|k1',
  fingerprint: 'f1',
  attempt: 'a1',
  state: 'done',
  lockedUntil: later(60_000),
  expiresAt: later(86_400_000),
  answer: { status: 201, body: { orderId: 'o-1' }, headers: { etag: '"1"' } },
  ...over,
});

describe('Idempotency-Key', () => {
  it('accepts 1 to 128 letters, digits and _ . : - (UUIDs, ULIDs), and no header at all', () => {
    expect(parseIdempotencyKey(undefined)).toEqual({ ok: true, value: undefined });
    for (const key of ['a', '6f1c2e0a-8d4b-4e55-9b8a-2f7e1c3d4a5b', '01HZX3J6Q9', 'order:42.retry_1', 'x'.repeat(128)]) {
      expect(parseIdempotencyKey(key)).toEqual({ ok: true, value: key });
    }
  });

  it('refuses an empty, too long, repeated or odd-character key with 400 REQUEST.BAD_HEADER naming the header', () => {
    for (const key of ['', 'x'.repeat(129), 'a b', 'k1, k2', 'ключ', 'a/b', 'a\tb', ['k1', 'k2']]) {
      expect(parseIdempotencyKey(key)).toMatchObject({ ok: false, error: { kind: 'Invalid', code: 'REQUEST.BAD_HEADER', fields: [{ field: 'Idempotency-Key' }] } });
    }
  });

  it('scopes keys per operation and per caller (API key digest, never the key itself)', () => {
    const secret = 's'.repeat(40);
    expect(idempotencyScope('POST', '/orders', undefined)).toBe('POST /orders|-');
    expect(idempotencyScope('PATCH', '/products/:id/stock', undefined)).not.toBe(idempotencyScope('POST', '/orders', undefined));
    expect(idempotencyScope('POST', '/orders', secret)).not.toContain(secret);
    expect(idempotencyScope('POST', '/orders', secret)).not.toBe(idempotencyScope('POST', '/orders', 't'.repeat(40)));
  });
});

describe('the request a key stands for', () => {
  it('is the same whatever the key order of the JSON, and differs with any value or path parameter', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":1}]}');
    const f = requestFingerprint({ id: 'p1' }, { delta: -3, note: 'a' });
    expect(requestFingerprint({ id: 'p1' }, { note: 'a', delta: -3 })).toBe(f);
    expect(requestFingerprint({ id: 'p1' }, { delta: -4, note: 'a' })).not.toBe(f);
    expect(requestFingerprint({ id: 'p2' }, { delta: -3, note: 'a' })).not.toBe(f);
    expect(requestFingerprint({}, undefined)).toBe(requestFingerprint(undefined, null));
  });
});

describe('what a request finds under its key', () => {
  it('given a finished request with the same fingerprint: its answer again', () => {
    expect(judgeExisting(record(), 'f1', now)).toEqual({ kind: 'replay', answer: record().answer });
  });

  it('given another fingerprint: a mismatch, whether the first is done or still running', () => {
    expect(judgeExisting(record(), 'f2', now)).toEqual({ kind: 'mismatch' });
    expect(judgeExisting(record({ state: 'running', answer: undefined }), 'f2', now)).toEqual({ kind: 'mismatch' });
  });

  it('given a request still running: in progress until its lease ends, then taken over', () => {
    const running = record({ state: 'running', answer: undefined, lockedUntil: later(1000) });
    expect(judgeExisting(running, 'f1', now)).toEqual({ kind: 'in-progress' });
    expect(judgeExisting(running, 'f1', later(1000))).toEqual({ kind: 'take-over' });
  });

  it('given a key past its retention: as if never used, whatever it held', () => {
    expect(judgeExisting(record({ expiresAt: now }), 'f2', now)).toEqual({ kind: 'expired' });
    expect(judgeExisting(record({ expiresAt: later(-1) }), 'f1', now)).toEqual({ kind: 'expired' });
  });

  it('keeps successes and refusals of the request as sent; releases conflicts and failures', () => {
    expect([200, 201, 400, 404, 422].map(keepsAnswer)).toEqual([true, true, true, true, true]);
    expect([409, 429, 500, 503].map(keepsAnswer)).toEqual([false, false, false, false]);
  });

  it('a claim is locked for the lease and kept for the retention', () => {
    expect(claimTimes(now, 60_000, 86_400)).toEqual({ lockedUntil: later(60_000), expiresAt: later(86_400_000) });
  });
});
