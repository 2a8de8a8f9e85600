import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';
import { MongoServerError, MongoServerSelectionError } from 'mongodb';
import { defaultFailurePolicy } from './failure-policy';
import { AttemptOutcome, retryTransient, RetryStep, WAIT_SLICE_MS } from './retry-loop';

const START = Date.parse('2026-01-01T00:00:00.000Z');

/** A simulated world: time moves only when the loop sleeps or an attempt takes time. */
function world(options: { runningUntil?: number; rebalanceFrom?: number; heartbeatError?: { from: number; error: Error } } = {}) {
  let now = START;
  const sleeps: number[] = [];
  const steps: RetryStep[] = [];
  const settled: { outcome: AttemptOutcome | 'failed'; attempts: number; at: number }[] = [];
  let heartbeats = 0;
  const elapsed = () => now - START;
  return {
    elapsed,
    advance: (ms: number) => (now += ms),
    sleeps,
    steps,
    settled,
    heartbeats: () => heartbeats,
    options: {
      policy: defaultFailurePolicy,
      env: {
        now: () => new Date(now),
        sleep: async (ms: number) => {
          sleeps.push(ms);
          now += ms;
        },
        random: () => 1,
      },
      controls: {
        isRunning: () => options.runningUntil === undefined || elapsed() < options.runningUntil,
        heartbeat: async () => {
          if (options.rebalanceFrom !== undefined && elapsed() >= options.rebalanceFrom) {
            throw new KafkaJSProtocolError({ message: 'The group is rebalancing, so a rejoin is needed', type: 'REBALANCE_IN_PROGRESS', code: 27, retriable: false } as never);
          }
          if (options.heartbeatError && elapsed() >= options.heartbeatError.from) throw options.heartbeatError.error;
          heartbeats++;
        },
      },
      observer: {
        retrying: (step: RetryStep) => steps.push(step),
        settled: (outcome: AttemptOutcome | 'failed', last: RetryStep) => settled.push({ outcome, attempts: last.attempts, at: elapsed() }),
      },
    },
  };
}

/** The database is down until `upAt`: each attempt spends the driver's 10 s server selection, then fails. */
function databaseDownUntil(w: ReturnType<typeof world>, upAt: number) {
  const attemptsAt: number[] = [];
  const work = async () => {
    attemptsAt.push(w.elapsed());
    if (w.elapsed() >= upAt) return;
    w.advance(10_000);
    throw new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map() } as never);
  };
  return { work, attemptsAt };
}

describe('retryTransient', () => {
  it('retries a transient error for 500 simulated seconds until it succeeds, backing off up to 30 s, heartbeating at least every second, never giving up', async () => {
    const w = world();
    const db = databaseDownUntil(w, 500_000);

    const outcome = await retryTransient(db.work, w.options);

    expect(outcome).toBe('ok');
    // The old policy dead-lettered after 9 attempts (~100 s); this one went on until the database was back.
    expect(db.attemptsAt).toHaveLength(19);
    expect(db.attemptsAt.at(-1)).toBe(501_100);
    expect(w.steps.map((s) => s.delayMs)).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, ...Array(9).fill(30_000)]);
    expect(w.steps.map((s) => s.attempts)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(new Set(w.steps.map((s) => s.since.toISOString()))).toEqual(new Set(['2026-01-01T00:00:10.000Z']));
    expect(w.steps[0].reason).toBe('MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017');
    // Every wait is cut in slices of at most a second, each followed by a heartbeat.
    expect(Math.max(...w.sleeps)).toBe(WAIT_SLICE_MS);
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(w.steps.reduce((a, s) => a + s.delayMs, 0));
    expect(w.sleeps).toHaveLength(326);
    expect(w.heartbeats()).toBe(326);
    expect(w.settled).toEqual([{ outcome: 'ok', attempts: 18, at: 501_100 }]);
  });

  it('stops within a slice when the consumer stops, without another attempt', async () => {
    const w = world({ runningUntil: 200_000 });
    const db = databaseDownUntil(w, Infinity);

    const outcome = await retryTransient(db.work, w.options);

    expect(outcome).toBe('stopped');
    expect(w.elapsed()).toBeGreaterThanOrEqual(200_000);
    expect(w.elapsed()).toBeLessThanOrEqual(200_000 + WAIT_SLICE_MS);
    expect(db.attemptsAt.every((t) => t < 200_000)).toBe(true);
    expect(db.attemptsAt).toHaveLength(11);
    expect(w.settled).toEqual([{ outcome: 'stopped', attempts: 11, at: w.elapsed() }]);
  });

  it('rejects a non-transient error at once: HANDLER_REJECTED after one attempt, no wait, nothing reported', async () => {
    const w = world();
    let attempts = 0;
    const outcome = await retryTransient(async () => {
      attempts++;
      throw new MongoServerError({ ok: 0, errmsg: 'E11000 duplicate key error collection: app.x index: _id_', code: 11000, codeName: 'DuplicateKey' });
    }, w.options);

    expect(outcome).toEqual({ code: 'HANDLER_REJECTED', reason: 'E11000 duplicate key error collection: app.x index: _id_', attempts: 1 });
    expect(attempts).toBe(1);
    expect(w.sleeps).toEqual([]);
    expect(w.steps).toEqual([]);
    expect(w.settled).toEqual([]);
  });

  it('rejects a non-transient error that follows transient ones, counting every attempt', async () => {
    const w = world();
    let attempts = 0;
    const outcome = await retryTransient(async () => {
      if (++attempts <= 3) throw new MongoServerError({ ok: 0, errmsg: 'not primary', code: 10107, codeName: 'NotWritablePrimary' });
      throw new TypeError("Cannot read properties of undefined (reading 'items')");
    }, w.options);

    expect(outcome).toEqual({ code: 'HANDLER_REJECTED', reason: "Cannot read properties of undefined (reading 'items')", attempts: 4 });
    expect(w.steps.map((s) => s.reason)).toEqual(Array(3).fill('MongoServerError: not primary'));
    expect(w.settled.map((s) => [s.outcome, s.attempts])).toEqual([[{ code: 'HANDLER_REJECTED', reason: "Cannot read properties of undefined (reading 'items')", attempts: 4 }, 3]]);
  });

  it('returns "rebalanced" without another attempt when a heartbeat finds the group rebalancing', async () => {
    // The 7th attempt fails at 76.3 s and its wait (6.4 s) heartbeats every second: the rebalance starts at 78 s.
    const w = world({ rebalanceFrom: 78_000 });
    const db = databaseDownUntil(w, Infinity);

    const outcome = await retryTransient(db.work, w.options);

    expect(outcome).toBe('rebalanced');
    expect(w.elapsed()).toBe(78_300);
    expect(db.attemptsAt).toHaveLength(7);
    expect(w.settled.map((s) => s.outcome)).toEqual(['rebalanced']);
  });

  it('throws any other heartbeat error to KafkaJS, and still reports the wait over', async () => {
    const brokerDown = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092' });
    const w = world({ heartbeatError: { from: 30_000, error: brokerDown } });
    const db = databaseDownUntil(w, Infinity);

    await expect(retryTransient(db.work, w.options)).rejects.toBe(brokerDown);
    expect(w.settled.map((s) => s.outcome)).toEqual(['failed']);
  });

  it('does nothing more than the work when it succeeds at once', async () => {
    const w = world();
    await expect(retryTransient(async () => undefined, w.options)).resolves.toBe('ok');
    expect([w.sleeps.length, w.heartbeats(), w.steps.length, w.settled.length]).toEqual([0, 0, 0, 0]);
  });
});
