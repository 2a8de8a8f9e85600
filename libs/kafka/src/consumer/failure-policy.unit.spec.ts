import { isRetriableError } from '@app/core';
import { backoffMs, defaultFailurePolicy, TransientError } from './failure-policy';
import * as kafka from '..';

describe('failure policy', () => {
  it('classifies with the one classifier of @app/core, whose TransientError @app/kafka re-exports', () => {
    expect(defaultFailurePolicy.isTransient).toBe(isRetriableError);
    expect(kafka.TransientError).toBe(TransientError);
    expect(defaultFailurePolicy.isTransient(new TransientError('db down'))).toBe(true);
    expect(defaultFailurePolicy.isTransient(new TypeError('bug'))).toBe(false);
  });

  it('backs off exponentially with jitter and a cap', () => {
    const policy = { ...defaultFailurePolicy, initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect(backoffMs(policy, 0, () => 0)).toBe(50);
    expect(backoffMs(policy, 0, () => 1)).toBe(100);
    expect(backoffMs(policy, 3, () => 1)).toBe(800);
    expect(backoffMs(policy, 10, () => 1)).toBe(1000);
  });

  it('waits at most 30 s between attempts by default, however many attempts there were', () => {
    expect(backoffMs(defaultFailurePolicy, 8, () => 1)).toBe(25_600);
    expect(backoffMs(defaultFailurePolicy, 9, () => 1)).toBe(30_000);
    expect(backoffMs(defaultFailurePolicy, 9, () => 0)).toBe(15_000);
    expect(backoffMs(defaultFailurePolicy, 5_000, () => 1)).toBe(30_000);
  });
});
