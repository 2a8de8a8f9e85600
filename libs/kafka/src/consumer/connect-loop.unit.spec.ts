import { KafkaJSConnectionError } from 'kafkajs';
import { CONNECT_BACKOFF, connectUntilDone } from './connect-loop';
import { WAIT_SLICE_MS } from './retry-loop';

/** Simulated time: it moves only when the loop sleeps or an attempt takes time. */
function world(options: { reachableAt: number; stopAt?: number; attemptMs?: number }) {
  let now = 0;
  const attemptsAt: number[] = [];
  const failures: { attempts: number; retryInMs: number }[] = [];
  const connect = async () => {
    attemptsAt.push(now);
    now += options.attemptMs ?? 0;
    if (now < options.reachableAt) throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9');
  };
  const run = () =>
    connectUntilDone(connect, {
      env: { now: () => new Date(now), sleep: async (ms) => void (now += ms), random: () => 1 },
      isRunning: () => options.stopAt === undefined || now < options.stopAt,
      failed: (_error, attempts, retryInMs) => failures.push({ attempts, retryInMs }),
    });
  return { run, attemptsAt, failures, elapsed: () => now };
}

describe('connecting to Kafka until it answers', () => {
  it('given Kafka unreachable for an hour, keeps trying with capped backoff and connects once it answers', async () => {
    const w = world({ reachableAt: 3_600_000, attemptMs: 50_000 });

    await expect(w.run()).resolves.toBe(true);

    expect(Math.max(...w.failures.map((f) => f.retryInMs))).toBe(CONNECT_BACKOFF.maxBackoffMs);
    expect(w.failures.slice(0, 3).map((f) => f.retryInMs)).toEqual([1000, 2000, 4000]);
    // Never spins: every two attempts are at least the first backoff apart.
    w.attemptsAt.slice(1).forEach((at, i) => expect(at - w.attemptsAt[i]).toBeGreaterThanOrEqual(CONNECT_BACKOFF.initialBackoffMs));
    expect(w.elapsed()).toBeLessThan(3_600_000 + 50_000 + CONNECT_BACKOFF.maxBackoffMs + 50_000);
  });

  it('given Kafka reachable at once, connects on the first attempt without waiting', async () => {
    const w = world({ reachableAt: 0 });

    await expect(w.run()).resolves.toBe(true);

    expect(w.attemptsAt).toEqual([0]);
    expect(w.failures).toEqual([]);
  });

  it('given a stop during the backoff, ends within a wait slice without another attempt', async () => {
    const w = world({ reachableAt: Infinity, stopAt: 10_500 });

    await expect(w.run()).resolves.toBe(false);

    expect(w.elapsed()).toBeLessThanOrEqual(10_500 + WAIT_SLICE_MS);
    expect(w.attemptsAt.every((at) => at < 10_500)).toBe(true);
  });
});
