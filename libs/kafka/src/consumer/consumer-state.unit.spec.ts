import { ConsumerState, judgeConsumers } from './consumer-state';

const SINCE = new Date('2026-01-01T00:00:00.000Z');

const judge = (states: Record<string, ConsumerState>) => judgeConsumers(new Map(Object.entries(states)));

describe('the consumers readiness rule', () => {
  it('given a consumer that has not joined its group yet, the service is not ready, naming the group, since when and the last error', () => {
    const verdict = judge({ orders: { phase: 'joining', since: SINCE, lastError: 'Connection error: connect ECONNREFUSED 127.0.0.1:9' } });

    expect(verdict.notReady).toEqual({ orders: 'joining group orders since 2026-01-01T00:00:00.000Z: Connection error: connect ECONNREFUSED 127.0.0.1:9' });
    expect(verdict.degraded).toEqual({});
  });

  it('given a consumer still waiting for the group (no error yet), the reason says so without one', () => {
    expect(judge({ g: { phase: 'joining', since: SINCE } }).notReady).toEqual({ g: 'joining group g since 2026-01-01T00:00:00.000Z' });
  });

  it('given every consumer consuming, nothing is reported', () => {
    expect(judge({ a: { phase: 'consuming' }, b: { phase: 'consuming' } })).toEqual({ notReady: {}, degraded: {} });
  });

  it('given a consumer that had joined and lost Kafka, the service stays ready and reports it degraded', () => {
    const verdict = judge({ a: { phase: 'consuming' }, b: { phase: 'rejoining', since: SINCE, reason: 'consumer crashed: Connection error' } });

    expect(verdict.notReady).toEqual({});
    expect(verdict.degraded).toEqual({ b: 'rejoining group b since 2026-01-01T00:00:00.000Z: consumer crashed: Connection error' });
  });

  it('given one consumer joining while another lost Kafka, the service is not ready for the first and degraded for the second', () => {
    const verdict = judge({ a: { phase: 'joining', since: SINCE }, b: { phase: 'rejoining', since: SINCE, reason: 'x' } });

    expect(Object.keys(verdict.notReady)).toEqual(['a']);
    expect(Object.keys(verdict.degraded)).toEqual(['b']);
  });

  it('given a record waiting for a dependency (the database down), the service is not ready, as before', () => {
    expect(judge({ a: { phase: 'waiting', since: SINCE, reason: 'MongoServerSelectionError: connect ECONNREFUSED' } }).notReady).toEqual({
      a: 'waiting for a dependency since 2026-01-01T00:00:00.000Z: MongoServerSelectionError: connect ECONNREFUSED',
    });
  });

  it('given a stopped consumer, the service is not ready', () => {
    expect(judge({ a: { phase: 'stopped' } }).notReady).toEqual({ a: 'consumer is not running' });
  });
});
