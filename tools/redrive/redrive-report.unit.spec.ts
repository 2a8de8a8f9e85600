import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { DeadLetter } from './dead-letter-entry';
import { parseFilter } from './redrive-filter';
import { planRedrive } from './redrive-plan';
import { planLines, summaryLines } from './redrive-report';

const value = JSON.stringify(
  envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, 'c-1', 1, { change: 'Created', customer: { customerId: 'c-1', name: { firstName: 'A', lastName: 'B' }, contact: {}, addresses: [], creditCards: [], tier: 'Bronze', createdAt: '2026-12-04T09:00:00.000Z', updatedAt: '2026-12-04T09:00:00.000Z' } }, { eventId: 'e', occurredAt: new Date(0), correlationId: 'k' }),
);
const dl = (offset: string, over: Partial<DeadLetter> = {}): DeadLetter => ({
  at: { topic: Topic.OrdersDeadLetter, partition: 0, offset }, originalTopic: Topic.CustomerChange, originalPartition: 3,
  code: 'RETRIES_EXHAUSTED', reason: 'connect ECONNREFUSED', group: 'orders', failedAt: new Date('2026-12-04T10:00:00Z'), key: `c-${offset}`, value, originalOffset: `5${offset}`, headers: {}, valueOmittedBytes: null, ...over,
});

describe('the report', () => {
  it('given a dry run, says what would be sent by topic, code and group, why some are not, and shows a sample', () => {
    const plan = planRedrive([dl('1'), dl('2'), dl('3', { code: 'OVERSIZED', value: '', valueOmittedBytes: 600000 })], { deadLetters: new Set(), originals: new Set() }, parseFilter({ group: ['orders'] }));
    const lines = planLines(plan, parseFilter({ group: ['orders'] }), 1, true);
    expect(lines[0]).toBe('filter: group orders');
    expect(lines[1]).toBe('would send: 2 (already redriven: 0, filtered out: 0, unsendable: 1)');
    expect(lines).toContainEqual(expect.stringMatching(/accounts\.customer\.change\s+RETRIES_EXHAUSTED\s+orders\s+→ 2/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}1 × the value \(600000 bytes\) was too large/));
    expect(lines).toContain('sample (1 of 2):');
    expect(lines[lines.length - 1]).toContain('orders.deadletter/0/1  2026-12-04T10:00:00.000Z  RETRIES_EXHAUSTED  group orders  → accounts.customer.change  key c-1');
  });

  it('ends with what was sent, and says so when the run failed', () => {
    const summary = { dryRun: false, deadLettersRead: 5, filteredOut: 1, alreadyRedriven: 1, unsendable: 0, toSend: 3, sent: 2, failed: 'broker down' };
    expect(summaryLines(summary)).toEqual([
      'sent 2 of 3 (read 5 dead letters: 1 already redriven, 1 filtered out, 0 unsendable)',
      'FAILED: broker down — run again to send the rest (a batch cut short may go twice; consumers drop the duplicate)',
    ]);
  });
});
