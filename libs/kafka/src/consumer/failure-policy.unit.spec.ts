import { MongoNetworkError } from 'mongodb';
import { backoffMs, defaultFailurePolicy, isTransient, TransientError } from './failure-policy';

describe('failure policy', () => {
  it('treats network, Kafka-retriable and declared transient errors as transient, everything else as final', () => {
    expect(isTransient(new TransientError('db down'))).toBe(true);
    expect(isTransient(new MongoNetworkError('reset'))).toBe(true);
    expect(isTransient(Object.assign(new Error('leader moved'), { retriable: true }))).toBe(true);
    expect(isTransient(new TypeError('bug'))).toBe(false);
  });

  it('backs off exponentially with jitter and a cap', () => {
    const policy = { ...defaultFailurePolicy, initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect(backoffMs(policy, 0, () => 0)).toBe(50);
    expect(backoffMs(policy, 0, () => 1)).toBe(100);
    expect(backoffMs(policy, 3, () => 1)).toBe(800);
    expect(backoffMs(policy, 10, () => 1)).toBe(1000);
  });
});
