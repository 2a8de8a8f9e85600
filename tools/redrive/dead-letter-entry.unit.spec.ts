import { Topic } from '@app/contracts';
import { DLQ_HEADERS } from '@app/kafka/consumer/dead-letter';
import { DAPR_DROPPED, RawDeadLetter, toDeadLetter } from './dead-letter-entry';

const raw = (over: Partial<RawDeadLetter>): RawDeadLetter => ({ topic: Topic.OrdersDeadLetter, partition: 0, offset: '7', timestamp: '1764864000000', key: 'c-1', value: '{"type":"CustomerChanged"}', headers: {}, ...over });

describe('toDeadLetter', () => {
  it('reads what a consumer wrote: origin, why, which group, when, and the original headers', () => {
    const d = toDeadLetter(
      raw({
        headers: {
          [DLQ_HEADERS.code]: 'RETRIES_EXHAUSTED', [DLQ_HEADERS.reason]: 'connect ECONNREFUSED', [DLQ_HEADERS.topic]: Topic.CustomerChange, [DLQ_HEADERS.partition]: '4',
          [DLQ_HEADERS.offset]: '120', [DLQ_HEADERS.group]: 'orders', [DLQ_HEADERS.attempts]: '9', [DLQ_HEADERS.failedAt]: '2026-12-04T10:00:00.000Z', 'event-id': 'e-1',
        },
      }),
    );
    expect(d).toMatchObject({
      at: { topic: Topic.OrdersDeadLetter, partition: 0, offset: '7' }, originalTopic: Topic.CustomerChange, originalPartition: 4, originalOffset: '120',
      code: 'RETRIES_EXHAUSTED', reason: 'connect ECONNREFUSED', group: 'orders', failedAt: new Date('2026-12-04T10:00:00.000Z'), key: 'c-1', valueOmittedBytes: null,
    });
    expect(d.headers).toEqual({ 'event-id': 'e-1' });
  });

  it('reads what Dapr wrote: the origin from its __ metadata headers, the app as group, the record time as when', () => {
    const d = toDeadLetter(raw({ topic: Topic.AuditDeadLetter, key: null, headers: { __topic: Topic.OrderEvents, __partition: '2', __offset: '99', __key: 'o-1', __timestamp: '1', 'event-id': 'e-2' } }));
    expect(d).toMatchObject({ originalTopic: Topic.OrderEvents, originalPartition: 2, originalOffset: '99', code: DAPR_DROPPED, group: 'audit', key: 'o-1', failedAt: new Date(1764864000000) });
    expect(d.headers).toEqual({ 'event-id': 'e-2' });
  });

  it('notes a value left out for its size', () => {
    expect(toDeadLetter(raw({ value: '', headers: { [DLQ_HEADERS.code]: 'OVERSIZED', [DLQ_HEADERS.valueOmitted]: '600000' } })).valueOmittedBytes).toBe(600000);
  });
});
