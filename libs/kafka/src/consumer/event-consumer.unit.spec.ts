import { KnownEvent } from '@app/contracts';
import { Batch, EachBatchPayload, Kafka, KafkaJSProtocolError, KafkaMessage } from 'kafkajs';
import { MongoServerSelectionError } from 'mongodb';
import pino from 'pino';
import { OutgoingRecord } from '../producer/outgoing-record';
import { consumerMetrics } from './consumer-metrics';
import { DLQ_HEADERS } from './dead-letter';
import { ConsumedEvent, EventConsumer, FlushOptions, StatefulHandler } from './event-consumer';
import { FanOutHandler } from './fan-out-handler';
import { defaultFailurePolicy } from './failure-policy';

const START = Date.parse('2026-01-01T00:00:00.000Z');
let groups = 0;

const event = (id: string) => ({
  eventId: `evt-${id}`,
  type: 'OrderChanged',
  schemaVersion: 1,
  aggregateId: id,
  aggregateVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'test',
  payload: {
    change: 'Placed',
    order: {
      orderId: id, customerId: 'c', customerName: 'n', customerTier: 'Gold', status: 'Processing',
      items: [{ productId: 'p', quantity: 1, unitPrice: 1 }], total: 1,
      shippingAddress: { type: 'SHIPPING', address1: 'a', city: 'c', state: 's', postalCode: 'p' },
      placedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    },
  },
});

const message = (offset: number, value: string, key = 'k'): KafkaMessage =>
  ({ offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), timestamp: String(START), headers: {}, attributes: 0, size: 0 }) as unknown as KafkaMessage;

/** The database is down: what the driver throws after its server selection timeout. */
const databaseDown = () => new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map() } as never);
const rebalancing = () => new KafkaJSProtocolError({ message: 'The group is rebalancing, so a rejoin is needed', type: 'REBALANCE_IN_PROGRESS', code: 27, retriable: false } as never);

/**
 * An EventConsumer on a fake KafkaJS consumer and publisher, a simulated clock and a log it keeps: the
 * test hands it batches the way KafkaJS' runner does.
 */
function harness(handler: { each: (e: KnownEvent) => Promise<void> } | { batch: (events: ConsumedEvent[]) => Promise<void> } | { stateful: StatefulHandler }, options: { flush?: FlushOptions; deadLetterGroups?: (topic: string) => readonly string[] } = {}) {
  let now = START;
  let eachBatch!: (payload: EachBatchPayload) => Promise<void>;
  const listeners = new Map<string, (e: unknown) => void>();
  const join = (memberAssignment: Record<string, number[]> = { t: [3] }) => listeners.get('consumer.group_join')?.({ payload: { memberAssignment } });
  const kafkaCommits: { topic: string; partition: number; offset: string }[][] = [];
  const commit = async (offsets: { topic: string; partition: number; offset: string }[]) => {
    if (kafkaState.commitFailures-- > 0) throw new Error('Request CommitOffsets(key: 8, version: 5) timed out');
    kafkaCommits.push(offsets);
  };
  const seeks: { topic: string; partition: number; offset: string }[] = [];
  const fakeConsumer = {
    events: { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' },
    on: (event: string, listener: (e: unknown) => void) => void listeners.set(event, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    // As KafkaJS' runner: it joins the group before it fetches.
    run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
      join();
    },
    // KafkaJS retries a failed commit inside, under whatever generation it is in by then.
    commitOffsets: async (offsets: { topic: string; partition: number; offset: string }[]) => {
      kafkaState.retryingCommits++;
      await commit(offsets);
    },
    seek: (at: { topic: string; partition: number; offset: string }) => void seeks.push(at),
    disconnect: async () => undefined,
  };
  const kafka = { consumer: () => fakeConsumer } as unknown as Kafka;
  const published: OutgoingRecord[] = [];
  const publisher = { publish: async (records: OutgoingRecord[]) => void published.push(...records) };
  const logs: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const sleepHooks: ((elapsed: number) => void)[] = [];
  const groupId = `g-${++groups}`;
  const consumer = new EventConsumer(kafka, publisher as never, { groupId, topics: ['t'], deadLetterTopic: 'dlq', policy: defaultFailurePolicy, ...options }, handler, logger, {
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms;
      sleepHooks.forEach((hook) => hook(now - START));
    },
    random: () => 1,
  });

  const kafkaState = { running: true, stopAt: Infinity, rebalancing: false, resolved: [] as string[], heartbeats: 0, commits: 0, commitFailures: 0, retryingCommits: 0 };
  const deliver = async (messages: KafkaMessage[], lag = 0, partition = 3) => {
    const batch = { topic: 't', partition, messages, firstOffset: () => messages[0].offset, lastOffset: () => messages.at(-1)!.offset, offsetLag: () => String(lag) } as unknown as Batch;
    await eachBatch({
      batch,
      resolveOffset: (offset: string) => void kafkaState.resolved.push(offset),
      heartbeat: async () => {
        if (kafkaState.rebalancing) throw rebalancing();
        kafkaState.heartbeats++;
      },
      isRunning: () => kafkaState.running && now - START < kafkaState.stopAt,
      isStale: () => false,
      // With offsets, as KafkaJS: committed at once (the stateful mode commits this way).
      commitOffsetsIfNecessary: async (offsets?: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }) => {
        if (!offsets) return void kafkaState.commits++;
        await commit(offsets.topics.flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => ({ topic, partition, offset }))));
      },
      uncommittedOffsets: () => ({ topics: [] }),
      pause: () => () => undefined,
    } as unknown as EachBatchPayload);
  };
  return {
    consumer,
    groupId,
    deliver,
    kafkaState,
    kafkaCommits,
    seeks,
    join,
    published,
    logs,
    elapsed: () => now - START,
    advance: (ms: number) => (now += ms),
    onSleep: (hook: (elapsed: number) => void) => sleepHooks.push(hook),
  };
}

const retriesCounted = async (groupId: string) => (await consumerMetrics.retries.get()).values.find((v) => v.labels.group === groupId)?.value ?? 0;

describe('EventConsumer failure policy (no servers)', () => {
  it('waits out a 500 s database outage: readiness says so during it and is clear after, one warning per backoff step, nothing dead-lettered', async () => {
    const problems: (string | null)[] = [];
    const handled: string[] = [];
    const h = harness({
      each: async (e) => {
        if (e.aggregateId === 'o-1') problems.push(h.consumer.problem());
        if (e.aggregateId === 'o-1' && h.elapsed() < 500_000) {
          h.advance(10_000);
          throw databaseDown();
        }
        handled.push(e.aggregateId);
      },
    });
    await h.consumer.start();
    expect(h.consumer.problem()).toBeNull();

    await h.deliver([message(10, JSON.stringify(event('o-1'))), message(11, JSON.stringify(event('o-2')))]);

    expect(handled).toEqual(['o-1', 'o-2']);
    expect(h.kafkaState.resolved).toEqual(['10', '11']);
    expect(h.published).toEqual([]);
    // Readiness: fine before the first failure, then the reason and since when, at every later attempt.
    expect(problems).toHaveLength(19);
    expect(problems[0]).toBeNull();
    expect(new Set(problems.slice(1))).toEqual(new Set(['waiting for a dependency since 2026-01-01T00:00:10.000Z: MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017']));
    expect(h.consumer.problem()).toBeNull();
    // One warning per backoff step, none for the message that went through; one line when it was over.
    const warnings = h.logs.filter((l) => l.level === 40);
    expect(warnings.map((l) => [l.offset, l.attempts, l.retryInMs])).toEqual(
      [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, ...Array(9).fill(30_000)].map((delay, i) => ['10', i + 1, delay]),
    );
    expect(new Set(warnings.map((l) => l.reason))).toEqual(new Set(['MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017']));
    expect(h.logs.filter((l) => l.msg === 'dependency back; retry succeeded').map((l) => [l.offset, l.attempts, l.waitedMs])).toEqual([['10', 18, 491_100]]);
    expect(await retriesCounted(h.groupId)).toBe(18);
    // The member stayed in its group: a heartbeat after every second of waiting (326 slices, KafkaJS
    // throttles them to its interval), after each of the two records and after the batch.
    expect(h.kafkaState.heartbeats).toBe(326 + 2 + 1);
  });

  it('stops promptly when the consumer stops during an outage: nothing resolved, nothing dead-lettered', async () => {
    let attempts = 0;
    const h = harness({
      each: async () => {
        attempts++;
        h.advance(10_000);
        throw databaseDown();
      },
    });
    await h.consumer.start();
    h.onSleep((elapsed) => {
      if (elapsed >= 120_000 && h.kafkaState.running) {
        h.kafkaState.running = false;
        void h.consumer.stop();
      }
    });

    await h.deliver([message(0, JSON.stringify(event('o-1'))), message(1, JSON.stringify(event('o-2')))]);

    // The 9th attempt failed at 115.5 s; its wait noticed the stop at the end of the slice that crossed 120 s.
    expect(h.elapsed()).toBe(120_500);
    expect(attempts).toBe(9);
    expect(h.kafkaState.resolved).toEqual([]);
    expect(h.kafkaState.commits).toBe(0);
    expect(h.published).toEqual([]);
    expect(h.consumer.problem()).toBe('consumer is not running');
    expect(h.logs.filter((l) => l.msg === 'stopped waiting for the dependency').map((l) => [l.outcome, l.attempts])).toEqual([['stopped', 9]]);
  });

  it('dead-letters a record the handler rejects at once (HANDLER_REJECTED, one attempt, no wait) and goes on', async () => {
    const handled: string[] = [];
    const h = harness({
      each: async (e) => {
        if (e.aggregateId === 'o-bad') throw new Error('order o-bad has no items');
        handled.push(e.aggregateId);
      },
    });
    await h.consumer.start();

    await h.deliver([message(0, JSON.stringify(event('o-bad')), 'o-bad'), message(1, JSON.stringify(event('o-2')), 'o-2'), message(2, '{not json', 'k3')]);

    expect(handled).toEqual(['o-2']);
    expect(h.kafkaState.resolved).toEqual(['0', '1', '2']);
    expect(h.elapsed()).toBe(0);
    expect(h.published.map((r) => [r.topic, r.key, r.headers?.[DLQ_HEADERS.code], r.headers?.[DLQ_HEADERS.attempts], r.headers?.[DLQ_HEADERS.offset]])).toEqual([
      ['dlq', 'o-bad', 'HANDLER_REJECTED', '1', '0'],
      ['dlq', 'k3', 'BAD_JSON', '0', '2'],
    ]);
    expect(h.published[0].headers?.[DLQ_HEADERS.reason]).toBe('order o-bad has no items');
    expect(h.consumer.problem()).toBeNull();
  });

  it('gives the record back when the group rebalances during the wait: not resolved, not committed, not dead-lettered', async () => {
    let attempts = 0;
    const h = harness({
      each: async (e) => {
        if (e.aggregateId !== 'o-2') return;
        attempts++;
        h.advance(10_000);
        throw databaseDown();
      },
    });
    await h.consumer.start();
    h.onSleep((elapsed) => (h.kafkaState.rebalancing = elapsed >= 45_000));

    await h.deliver([message(0, JSON.stringify(event('o-1'))), message(1, JSON.stringify(event('o-2'))), message(2, JSON.stringify(event('o-3')))]);

    expect(h.kafkaState.resolved).toEqual(['0']);
    // Committed after o-1 only: nothing after the rebalance.
    expect(h.kafkaState.commits).toBe(1);
    expect(attempts).toBe(5);
    expect(h.published).toEqual([]);
    expect(h.consumer.problem()).toBeNull();
    expect(h.logs.filter((l) => l.msg === 'stopped waiting for the dependency').map((l) => [l.outcome, l.offset])).toEqual([['rebalanced', '1']]);
  });

  describe('batch mode', () => {
    it('a transient failure of the whole batch waits and retries the whole batch, never split, nothing dead-lettered', async () => {
      const calls: string[][] = [];
      const h = harness({
        batch: async (events) => {
          calls.push(events.map((e) => e.event.aggregateId));
          if (h.elapsed() < 200_000) {
            h.advance(10_000);
            throw databaseDown();
          }
        },
      });
      await h.consumer.start();

      await h.deliver([message(0, JSON.stringify(event('o-1'))), message(1, '{broken'), message(2, JSON.stringify(event('o-2'))), message(3, JSON.stringify(event('o-3')))]);

      // Failures at 10 s … 191.1 s (each attempt spends 10 s), the 12th attempt at 221.1 s goes through.
      expect(calls.length).toBe(12);
      expect(new Set(calls.map((c) => c.join()))).toEqual(new Set(['o-1,o-2,o-3']));
      expect(h.kafkaState.resolved).toEqual(['3']);
      // Only the poison the decoder found, once the batch was handled.
      expect(h.published.map((r) => [r.headers?.[DLQ_HEADERS.code], r.headers?.[DLQ_HEADERS.offset]])).toEqual([['BAD_JSON', '1']]);
      expect(h.consumer.problem()).toBeNull();
    });

    it('a batch rejected as a whole is replayed event by event: only the culprit is dead-lettered, with HANDLER_REJECTED', async () => {
      const applied: string[] = [];
      const sizes: number[] = [];
      const h = harness({
        batch: async (events) => {
          sizes.push(events.length);
          if (events.some((e) => e.event.aggregateId === 'o-bad')) throw new Error('cannot project o-bad');
          applied.push(...events.map((e) => e.event.aggregateId));
        },
      });
      await h.consumer.start();

      await h.deliver(['o-1', 'o-bad', 'o-2'].map((id, i) => message(i, JSON.stringify(event(id)), id)));

      expect(sizes).toEqual([3, 1, 1, 1]);
      expect(applied).toEqual(['o-1', 'o-2']);
      expect(h.published.map((r) => [r.key, r.headers?.[DLQ_HEADERS.code], r.headers?.[DLQ_HEADERS.reason]])).toEqual([['o-bad', 'HANDLER_REJECTED', 'cannot project o-bad']]);
      expect(h.kafkaState.resolved).toEqual(['2']);
      expect(h.elapsed()).toBe(0);
    });

    it('a stop during the wait gives the whole batch back: its poison is not dead-lettered yet (it will be once, when the batch is handled)', async () => {
      let calls = 0;
      const h = harness({
        batch: async () => {
          calls++;
          h.advance(10_000);
          throw databaseDown();
        },
      });
      await h.consumer.start();
      h.kafkaState.stopAt = 50_000;

      await h.deliver([message(0, JSON.stringify(event('o-1'))), message(1, '{broken')]);

      expect(h.kafkaState.resolved).toEqual([]);
      expect(h.published).toEqual([]);
      // The attempt in flight at 50 s (from 41.5 s) ran to its end; no wait, no attempt after it.
      expect([calls, h.elapsed()]).toEqual([5, 51_500]);
    });
  });
});

/**
 * A keyed count per aggregate, kept in memory and flushed to `stored`; `failFlush` decides how a flush
 * ends, `writing` (when given) is awaited while a flush writes. A flush writes the counts as they were
 * when it was called; counts changed meanwhile stay pending.
 */
function countingState(
  failFlush: (pending: Map<string, number>) => Error | 'conflict' | undefined = () => undefined,
  writing?: () => Promise<void>,
): StatefulHandler & { stored: Map<string, number>; flushes: number; resets: number; applied: string[] } {
  const cache = new Map<string, number>();
  let dirty = new Map<string, number>();
  const state = {
    stored: new Map<string, number>(),
    flushes: 0,
    resets: 0,
    applied: [] as string[],
    apply: async (events: ConsumedEvent[]) => {
      for (const { event } of events) {
        const next = (dirty.get(event.aggregateId) ?? cache.get(event.aggregateId) ?? state.stored.get(event.aggregateId) ?? 0) + 1;
        dirty.set(event.aggregateId, next);
        state.applied.push(event.aggregateId);
      }
    },
    pending: () => dirty.size,
    flush: async (): Promise<'ok' | 'conflict'> => {
      state.flushes++;
      const taken = new Map(dirty);
      await writing?.();
      const failure = failFlush(taken);
      if (failure === 'conflict') return 'conflict';
      if (failure) throw failure;
      for (const [k, v] of taken) {
        state.stored.set(k, v);
        cache.set(k, v);
        if (dirty.get(k) === v) dirty.delete(k);
      }
      return 'ok';
    },
    reset: () => {
      state.resets++;
      cache.clear();
      dirty = new Map();
    },
  };
  return state;
}

describe('EventConsumer with a stateful handler (state in memory, commits after flushes; no servers)', () => {
  const ev = (offset: number, id: string) => message(offset, JSON.stringify(event(id)), id);

  it('commits nothing before a flush; flushes when the interval is over while catching up, and at once when caught up', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a'), ev(11, 'b')], 500);
    expect([state.flushes, h.kafkaCommits]).toEqual([0, []]);
    expect(h.kafkaState.resolved).toEqual(['11']);

    h.advance(1000);
    await h.deliver([ev(12, 'a')], 400);
    expect(state.flushes).toBe(1);
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '13' }]]);
    expect(state.stored).toEqual(new Map([['a', 2], ['b', 1]]));

    await h.deliver([ev(13, 'c')], 0);
    expect(h.kafkaCommits.at(-1)).toEqual([{ topic: 't', partition: 3, offset: '14' }]);
    await h.consumer.stop();
  });

  it('flushes while catching up, before the interval and with few keys pending, once the handler says its buffer is full', async () => {
    const state = countingState();
    let full = false;
    const h = harness({ stateful: { ...state, full: () => full } });
    await h.consumer.start();
    await h.deliver([ev(10, 'a'), ev(11, 'a')], 500);
    expect([state.flushes, h.kafkaCommits]).toEqual([0, []]);

    full = true;
    await h.deliver([ev(12, 'a')], 400);
    expect(state.flushes).toBe(1);
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '13' }]]);
    expect(state.stored).toEqual(new Map([['a', 3]]));
    await h.consumer.stop();
  });

  it('waits out a database outage at the flush (readiness says so), then commits; nothing dead-lettered', async () => {
    let failures = 0;
    const state = countingState(() => (++failures <= 5 ? databaseDown() : undefined));
    const h = harness({ stateful: state });
    const problems: (string | null)[] = [];
    h.onSleep(() => problems.push(h.consumer.problem()));
    await h.consumer.start();
    await h.deliver([ev(10, 'a')], 0);
    expect(state.flushes).toBe(6);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    problems.forEach((p) => expect(p).toMatch(/^waiting for a dependency since 2026-01-01T00:00:00.000Z: MongoServerSelectionError/));
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '11' }]]);
    expect(h.published).toEqual([]);
    expect(h.consumer.problem()).toBeNull();
    await h.consumer.stop();
  });

  it('a conflict drops the cached state and reads the uncommitted records again from the first', async () => {
    let conflicts = 1;
    const state = countingState(() => (conflicts-- > 0 ? 'conflict' : undefined));
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a')], 100);
    await h.deliver([ev(11, 'b')], 0);
    expect(h.seeks).toEqual([{ topic: 't', partition: 3, offset: '10' }]);
    expect(h.kafkaCommits).toEqual([]);
    expect(state.resets).toBe(2); // at start, and after the conflict
    // KafkaJS fetches again from the seek: applied onto fresh state, flushed, committed.
    await h.deliver([ev(10, 'a'), ev(11, 'b')], 0);
    expect(state.stored).toEqual(new Map([['a', 1], ['b', 1]]));
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '12' }]]);
    await h.consumer.stop();
  });

  it('a rejected flush re-reads the unflushed records one per flush and dead-letters only the one the store refuses', async () => {
    const state = countingState((pending) => (pending.has('bad') ? new Error('document too large') : undefined));
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a'), ev(11, 'bad'), ev(12, 'b')], 0);
    expect(h.seeks).toEqual([{ topic: 't', partition: 3, offset: '10' }]);
    expect(h.published).toEqual([]);

    await h.deliver([ev(10, 'a'), ev(11, 'bad'), ev(12, 'b')], 0);
    expect(h.published.map((r) => [r.key, r.headers?.[DLQ_HEADERS.code]])).toEqual([['bad', 'HANDLER_REJECTED']]);
    expect(state.stored).toEqual(new Map([['a', 1], ['b', 1]]));
    expect(h.kafkaCommits.flat().map((c) => c.offset)).toEqual(['11', '12', '13']);
    // Isolation is over: the next batch is applied whole and flushed once.
    const flushes = state.flushes;
    await h.deliver([ev(13, 'a'), ev(14, 'b')], 0);
    expect(state.flushes).toBe(flushes + 1);
    await h.consumer.stop();
  });

  it('after a rejoin it flushes, commits only the partitions it still owns, and reloads its state from the store', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a')], 100);
    h.join({ t: [0] });
    await h.deliver([message(20, JSON.stringify(event('z')), 'z')], 100);
    expect(state.stored).toEqual(new Map([['a', 1]]));
    expect(h.kafkaCommits).toEqual([]); // partition 3 is another member's now
    expect(state.resets).toBe(2);
    await h.consumer.stop();
  });

  it('a commit Kafka refuses once caught up is made again by the next timed flush, though no record comes', async () => {
    const state = countingState();
    const h = harness({ stateful: state }, { flush: { intervalMs: 20, maxPending: 10_000 } });
    await h.consumer.start();
    h.kafkaState.commitFailures = 1;
    await h.deliver([ev(10, 'a')], 0);
    expect([state.flushes, state.stored, h.kafkaCommits]).toEqual([1, new Map([['a', 1]]), []]);
    h.advance(20); // the interval is over on the consumer's clock; its timer fires in real time
    await inRealTime(() => h.kafkaCommits.length > 0);
    // Committed again, not written again; and once committed, nothing more to do.
    expect([state.flushes, h.kafkaCommits]).toEqual([1, [[{ topic: 't', partition: 3, offset: '11' }]]]);
    h.advance(20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.kafkaCommits).toHaveLength(1);
    await h.consumer.stop();
  });

  it('a stop flushes and commits what was applied', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a'), ev(11, 'a')], 100);
    await h.consumer.stop();
    expect(state.stored).toEqual(new Map([['a', 2]]));
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '12' }]]);
  });

  it('applies other partitions\' batches while a flush runs, and one flush covers all of them (group commit)', async () => {
    const gates: (() => void)[] = [];
    const state = countingState(undefined, () => new Promise<void>((resolve) => gates.push(resolve)));
    const h = harness({ stateful: state });
    await h.consumer.start();
    h.join({ t: [3, 4, 5, 6] });
    const first = h.deliver([ev(10, 'a')], 0, 3);
    await until(() => gates.length === 1); // the first flush is writing
    const others = [h.deliver([ev(20, 'a')], 0, 4), h.deliver([ev(30, 'b')], 0, 5), h.deliver([ev(40, 'c')], 0, 6)];
    await until(() => state.applied.length === 4);
    // Applied while the first flush still writes; nothing of them committed yet.
    expect([state.flushes, h.kafkaCommits]).toEqual([1, []]);
    gates.shift()?.();
    await first;
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '11' }]]);
    expect(state.stored).toEqual(new Map([['a', 1]])); // the flush wrote what was applied when it started
    await until(() => gates.length === 1); // the next flush starts as the first ends, covering the three batches
    gates.shift()?.();
    await Promise.all(others);
    expect(state.flushes).toBe(2);
    expect(h.kafkaCommits[1].map((c) => [c.partition, c.offset]).sort()).toEqual([[4, '21'], [5, '31'], [6, '41']]);
    expect(state.stored).toEqual(new Map([['a', 2], ['b', 1], ['c', 1]]));
    await h.consumer.stop();
  });

  it('a conflict in a flush that ran beside later batches reads every uncommitted record again, theirs included', async () => {
    const gates: (() => void)[] = [];
    let conflicts = 1;
    const state = countingState(() => (conflicts-- > 0 ? 'conflict' : undefined), () => new Promise<void>((resolve) => gates.push(resolve)));
    const h = harness({ stateful: state });
    await h.consumer.start();
    const first = h.deliver([ev(10, 'a')], 0, 3);
    await until(() => gates.length === 1); // the first flush took partition 3's batch and is writing
    const second = h.deliver([ev(20, 'b')], 0, 4);
    await until(() => state.applied.length === 2);
    gates.shift()?.(); // ... and conflicts
    await Promise.all([first, second]);
    expect(h.seeks.map((s) => [s.partition, s.offset]).sort()).toEqual([[3, '10'], [4, '20']]);
    expect([h.kafkaCommits, state.resets, state.flushes]).toEqual([[], 2, 1]);
    expect(state.stored).toEqual(new Map());
    await h.consumer.stop();
  });

  it('a flush retried after an outage writes the batches applied while it waited and commits their offsets with it: it writes what its offsets produced', async () => {
    const gates: (() => void)[] = [];
    let failures = 1;
    const state = countingState(() => (failures-- > 0 ? databaseDown() : undefined), () => new Promise<void>((resolve) => gates.push(resolve)));
    const h = harness({ stateful: state });
    await h.consumer.start();
    h.join({ t: [3, 4] });
    const first = h.deliver([ev(10, 'a')], 0, 3);
    await until(() => gates.length === 1); // the flush took partition 3's batch and is writing
    const second = h.deliver([ev(20, 'b')], 0, 4);
    await until(() => state.applied.length === 2);
    gates.shift()?.(); // the store is down: the flush waits and tries again
    await until(() => gates.length === 1);
    gates.shift()?.();
    await Promise.all([first, second]);
    expect(state.flushes).toBe(2);
    expect(state.stored).toEqual(new Map([['a', 1], ['b', 1]]));
    // The retry wrote b: b's offset is committed with it. Committed after it, a crash between would leave a
    // written state past the committed offsets (the event index's slices would straddle where a re-reader starts).
    expect(h.kafkaCommits.map((c) => c.map((o) => [o.partition, o.offset]).sort())).toEqual([[[3, '11'], [4, '21']]]);
    await h.consumer.stop();
  });

  it('commits nothing it applied before a join, though it owns the partition again: another member may have read it in between', async () => {
    const gates: (() => void)[] = [];
    const state = countingState(undefined, () => new Promise<void>((resolve) => gates.push(resolve)));
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a')], 500);
    h.advance(1000);
    const waiting = h.deliver([ev(11, 'a')], 400); // the interval is over: a flush takes both batches
    await until(() => gates.length === 1);
    h.join({ t: [4] }); // partition 3 is another member's ...
    h.join({ t: [3] }); // ... and this one's again
    gates.shift()?.();
    await waiting;
    expect(state.stored).toEqual(new Map([['a', 2]]));
    expect(h.kafkaCommits).toEqual([]);
    await h.consumer.stop();
  });

  it('a batch given back while one member of a fan-out waits for the store (a rebalance) is not written for the member that took it: the state is dropped and the batch read again', async () => {
    const took = countingState();
    let down = true;
    const waits = { ...countingState(), apply: async () => { if (down) throw databaseDown(); } };
    const fanOut = new FanOutHandler([{ name: 'took', topics: ['t'], handler: took }, { name: 'waits', topics: ['t'], handler: waits }], { evictAt: 1000 });
    const h = harness({ stateful: fanOut });
    await h.consumer.start();
    h.onSleep(() => void (h.kafkaState.rebalancing = true));
    await h.deliver([ev(10, 'a')], 0);
    expect([took.applied, h.kafkaState.resolved, h.kafkaCommits]).toEqual([['a'], [], []]);
    [h.kafkaState.rebalancing, down] = [false, false];
    h.join({ t: [3] });
    await h.deliver([ev(10, 'a')], 0); // KafkaJS reads it again from the committed offset
    // Written by the rejoin's flush, then applied again onto the stored count, it would be 2.
    expect(took.stored).toEqual(new Map([['a', 1]]));
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '11' }]]);
    await h.consumer.stop();
  });

  it('a flush that waited for its turn behind a batch given back half-applied writes nothing of it: the state is dropped first', async () => {
    const took = countingState();
    let down = true;
    const waits = { ...countingState(), apply: async (events: ConsumedEvent[]) => { if (down && events[0].ctx.partition === 3) throw databaseDown(); } };
    const fanOut = new FanOutHandler([{ name: 'took', topics: ['t'], handler: took }, { name: 'waits', topics: ['t'], handler: waits }], { evictAt: 1000 });
    const h = harness({ stateful: fanOut }, { flush: { intervalMs: 1000, maxPending: 1000 } });
    await h.consumer.start();
    h.join({ t: [3, 4] });
    h.onSleep(() => void (h.kafkaState.rebalancing = true));
    // Two partitions' batches at once: b's is applied and makes a flush due while a's waits for the store.
    await Promise.all([h.deliver([ev(20, 'b')], 0, 4), h.deliver([ev(10, 'a')], 0, 3)]);
    [h.kafkaState.rebalancing, down] = [false, false];
    // Member 'took' had taken a@10, which no committed range covers: written, it would be counted again when read again.
    expect(took.stored.has('a')).toBe(false);
    h.join({ t: [3, 4] });
    await h.deliver([ev(10, 'a')], 0, 3);
    await h.deliver([ev(20, 'b')], 0, 4);
    expect(took.stored).toEqual(new Map([['a', 1], ['b', 1]]));
    await h.consumer.stop();
  });

  it('commits through the batch\'s commitOffsetsIfNecessary, which fails at once, not consumer.commitOffsets, whose retry after a join goes out under the new generation', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    h.kafkaState.commitFailures = 1;
    await h.deliver([ev(10, 'a')], 0);
    expect(h.kafkaCommits).toEqual([]); // refused: owed to the next due flush
    await h.deliver([ev(11, 'b')], 0);
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '12' }]]);
    expect(h.kafkaState.retryingCommits).toBe(0);
    await h.consumer.stop();
  });

  it('holds a partition\'s commit while the handler says what is stored reaches past it, and commits it with a later flush', async () => {
    const state = countingState();
    let reach = 25; // an earlier writer's stored slices reach offset 25 of partition 3
    const h = harness({ stateful: { ...state, holdsCommit: (_topic: string, partition: number, through: string) => partition === 3 && reach > Number(through) } });
    await h.consumer.start();
    h.join({ t: [3, 4] });
    await h.deliver([ev(10, 'a')], 0, 3);
    await h.deliver([ev(20, 'b')], 0, 4);
    expect(state.stored).toEqual(new Map([['a', 1], ['b', 1]]));
    expect(h.kafkaCommits.flat().map((c) => [c.partition, c.offset])).toEqual([[4, '21']]);
    reach = 11;
    await h.deliver([ev(11, 'c')], 0, 3);
    expect(h.kafkaCommits.at(-1)).toEqual([{ topic: 't', partition: 3, offset: '12' }]);
    await h.consumer.stop();
  });

  it('a punctuation after a rejoin with no batch since settles the rejoin itself (flush, commit, fresh state), then runs', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.deliver([ev(10, 'a')], 100); // applied; not due yet
    h.join({ t: [3] }); // a rebalance that left partition 3 here, caught up: no batch will come
    expect(await h.consumer.punctuate(() => state.apply([{ event: event('p') } as unknown as ConsumedEvent]))).toBe(true);
    expect(h.kafkaCommits).toEqual([[{ topic: 't', partition: 3, offset: '11' }]]);
    expect([state.resets, state.stored]).toEqual([2, new Map([['a', 1], ['p', 1]])]);
    await h.consumer.stop();
  });

  it('is caught up only when every partition is: one at its log end does not flush while another is behind', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    h.join({ t: [3, 4] });
    await h.deliver([ev(10, 'a')], 500, 3);
    await h.deliver([ev(20, 'b')], 0, 4);
    expect(state.flushes).toBe(0);
    expect(h.kafkaCommits).toEqual([]);
    await h.deliver([ev(11, 'c')], 0, 3);
    expect(state.flushes).toBe(1);
    expect(h.kafkaCommits.at(-1)).toEqual([{ topic: 't', partition: 3, offset: '12' }, { topic: 't', partition: 4, offset: '21' }]);
    await h.consumer.stop();
  });

  it('one consumer for several handlers: poison is dead-lettered in the name of each handler that reads its topic, a rejected record in the name of the one that rejected it', async () => {
    const catalogue = countingState();
    const alerts = countingState();
    const rejecting: StatefulHandler = {
      ...alerts,
      apply: async (events) => {
        if (events.some((e) => e.event.aggregateId === 'bad')) throw new Error('order bad has no items');
        return alerts.apply(events);
      },
    };
    const fanOut = new FanOutHandler([
      { name: 'sp.catalogue', topics: ['t'], handler: catalogue },
      { name: 'sp.alerts', topics: ['t'], handler: rejecting },
    ], { evictAt: 1000 });
    const h = harness({ stateful: fanOut }, { deadLetterGroups: (topic) => fanOut.readersOf(topic) });
    await h.consumer.start();
    await h.deliver([ev(0, 'a'), ev(1, 'bad'), message(2, '{not json', 'k')], 0);

    expect(h.published.map((r) => [r.key, r.headers?.[DLQ_HEADERS.code], r.headers?.[DLQ_HEADERS.group]])).toEqual([
      ['bad', 'HANDLER_REJECTED', 'sp.alerts'],
      ['k', 'BAD_JSON', 'sp.catalogue'],
      ['k', 'BAD_JSON', 'sp.alerts'],
    ]);
    // The catalogue took the batch whole before the alerts rejected it: the record-by-record replay gives it nothing again.
    expect(catalogue.applied).toEqual(['a', 'bad']);
    expect(alerts.applied).toEqual(['a']);
    expect([catalogue.stored, alerts.stored]).toEqual([new Map([['a', 1], ['bad', 1]]), new Map([['a', 1]])]);
    expect(h.kafkaCommits.at(-1)).toEqual([{ topic: 't', partition: 3, offset: '3' }]);
    await h.consumer.stop();
  });

  it('a punctuation changes the state in turn and is flushed like a caught-up batch; one that changes nothing writes nothing', async () => {
    const state = countingState();
    const h = harness({ stateful: state });
    await h.consumer.start();
    await h.consumer.punctuate(async () => undefined);
    expect(state.flushes).toBe(0);
    await h.consumer.punctuate(() => state.apply([{ event: event('p') } as unknown as ConsumedEvent]));
    expect([state.flushes, state.stored, h.kafkaCommits]).toEqual([1, new Map([['p', 1]]), []]);
    await h.consumer.stop();
  });
});

/** For the consumer's own timers: polls in real time, up to 5 s, until `done` holds. */
async function inRealTime(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 5000 && !done(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!done()) throw new Error('condition not reached in 5 s');
}

/** Lets the consumer's turns, flushes and timers run until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('condition not reached');
}