import { formatEta, PartitionPosition, progressOf, rateAndEta, reached } from './replay-progress';

const at = (partition: number, low: number, high: number, committed: number): PartitionPosition => ({ topic: 't', partition, low, high, committed });

describe('replay progress', () => {
  it('counts applied records from each partition low watermark, nothing committed as none applied', () => {
    expect(progressOf([at(0, 0, 10, 4), at(1, 5, 15, -1), at(2, 3, 3, -1)])).toEqual({ done: 4, total: 20, lag: 16 });
  });

  it('never counts more than a partition holds (end offsets read before the commit)', () => {
    expect(progressOf([at(0, 0, 10, 12)])).toEqual({ done: 10, total: 10, lag: 0 });
  });

  it('gives events per second and the seconds left at that rate', () => {
    expect(rateAndEta({ done: 100, at: 0 }, { done: 300, at: 2000, lag: 1000 })).toEqual({ rate: 100, etaSeconds: 10 });
    expect(rateAndEta({ done: 100, at: 0 }, { done: 100, at: 2000, lag: 5 }).etaSeconds).toBeNull();
    expect(rateAndEta({ done: 100, at: 0 }, { done: 100, at: 2000, lag: 0 }).etaSeconds).toBe(0);
    expect(formatEta(125)).toBe('02:05');
    expect(formatEta(null)).toBe('--:--');
  });

  it('a group has reached another once every partition the other committed is at or beyond it', () => {
    const rebuild = [at(0, 0, 10, 7), at(1, 0, 10, -1)];
    expect(reached([at(0, 0, 10, 7), at(1, 0, 10, 0)], rebuild)).toBe(true);
    expect(reached([at(0, 0, 10, 6)], rebuild)).toBe(false);
    // An empty partition the rebuild committed at 0 asks nothing of a group that never consumed it.
    expect(reached([at(0, 0, 10, 7), at(1, 0, 0, -1)], [at(0, 0, 10, 7), at(1, 0, 0, 0)])).toBe(true);
  });
});
