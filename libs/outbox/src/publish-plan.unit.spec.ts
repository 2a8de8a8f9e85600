import { OutboxEntry } from './outbox-entry';
import { oldestFirst, planRequest, RequestLimits } from './publish-plan';

const entry = (key: string, version: number, bytes: number, occurredAt?: string): OutboxEntry => ({
  eventId: `${key}-v${version}`,
  topic: 't',
  key,
  value: 'x'.repeat(bytes),
  ...(occurredAt ? { occurredAt } : {}),
});
const doc = (id: string, ...outbox: OutboxEntry[]) => ({ id, outbox });
// Sizes are the value length; partition = the key's first letter, so keys a* share partition 'a'.
const limits = (maxBatchBytes: number): RequestLimits => ({
  maxBatchBytes,
  batchOverheadBytes: 10,
  recordBytes: (e) => e.value.length,
  partitionOf: (e) => e.key.charCodeAt(0),
});
const sent = (plan: ReturnType<typeof planRequest<string>>) => plan.send.map((p) => p.entry.eventId);

describe('oldestFirst', () => {
  it('given documents out of order, then the oldest pending entry goes first, undated (older code) before dated, ties kept', () => {
    const docs = [doc('c', entry('c', 1, 1, '2026-01-03T00:00:00.000Z')), doc('b', entry('b', 1, 1, '2026-01-01T00:00:00.000Z')), doc('x', entry('x', 1, 1)), doc('d', entry('d', 1, 1, '2026-01-01T00:00:00.000Z'))];
    expect(oldestFirst(docs).map((d) => d.id)).toEqual(['x', 'b', 'd', 'c']);
  });
});

describe('planRequest', () => {
  it('given everything fits, then every entry is sent in document order and each document in version order', () => {
    const plan = planRequest([doc('a1', entry('a1', 1, 10), entry('a1', 2, 10)), doc('b1', entry('b1', 1, 10))], limits(100));
    expect(sent(plan)).toEqual(['a1-v1', 'a1-v2', 'b1-v1']);
    expect(plan.setAside).toEqual([]);
  });

  it('given a partition fills up, then its batch stays under the limit, the next document on it waits, other partitions go on', () => {
    // partition a: 10 overhead + 40 + 40 = 90 ≤ 100; the third 40 would make 130.
    const docs = [doc('a1', entry('a1', 1, 40)), doc('a2', entry('a2', 1, 40)), doc('a3', entry('a3', 1, 40)), doc('b1', entry('b1', 1, 80)), doc('a4', entry('a4', 1, 5))];
    const plan = planRequest(docs, limits(100));
    expect(sent(plan)).toEqual(['a1-v1', 'a2-v1', 'b1-v1']);
  });

  it('given a document whose versions overflow the batch, then only a prefix is sent and no later version jumps ahead', () => {
    const plan = planRequest([doc('a1', entry('a1', 1, 40), entry('a1', 2, 40), entry('a1', 3, 20))], limits(100));
    expect(sent(plan)).toEqual(['a1-v1', 'a1-v2']);
  });

  it('given one key spread over two documents (reviews of a product), then the later document waits while the earlier one has to', () => {
    const plan = planRequest([doc('r1', entry('a', 1, 80)), doc('r2', entry('a', 2, 80)), doc('r3', entry('b', 1, 10))], limits(100));
    expect(sent(plan)).toEqual(['a-v1', 'b-v1']);
  });

  it('given a record larger than a batch may be, then it is set aside with its size, what precedes it is sent, what follows waits', () => {
    const plan = planRequest([doc('a1', entry('a1', 1, 10), entry('a1', 2, 500), entry('a1', 3, 10)), doc('b1', entry('b1', 1, 10))], limits(100));
    expect(sent(plan)).toEqual(['a1-v1', 'b1-v1']);
    expect(plan.setAside).toEqual([{ documentId: 'a1', entry: expect.objectContaining({ eventId: 'a1-v2' }), code: 'TOO_LARGE', reason: expect.stringContaining('500 bytes') }]);
  });

  it('given only an oversized record, then the plan still makes progress by setting it aside', () => {
    const plan = planRequest([doc('a1', entry('a1', 1, 91))], limits(100));
    expect(plan.send).toEqual([]);
    expect(plan.setAside).toHaveLength(1);
  });

  it('given a record that exactly fills a batch, then it is sent', () => {
    expect(sent(planRequest([doc('a1', entry('a1', 1, 90))], limits(100)))).toEqual(['a1-v1']);
  });
});
