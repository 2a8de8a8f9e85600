import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { DeadLetter } from './dead-letter-entry';
import { parseFilter } from './redrive-filter';
import { countsOf, indexLogRecord, MAX_STEP_BYTES, stepsOf, planRedrive, REDRIVE_HEADERS, redrivenRecord, redriveLogRecord, RedriveLogIndex } from './redrive-plan';

const customer = {
  change: 'Created',
  customer: { customerId: 'c-1', name: { firstName: 'A', lastName: 'B' }, contact: {}, addresses: [], creditCards: [], tier: 'Bronze', createdAt: '2026-12-04T09:00:00.000Z', updatedAt: '2026-12-04T09:00:00.000Z' },
};
const good = JSON.stringify(envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, 'c-1', 1, customer, { eventId: 'e-1', occurredAt: new Date('2026-12-04T09:00:00Z'), correlationId: 'k-1' }));
const dl = (offset: string, over: Partial<DeadLetter> = {}): DeadLetter => ({
  at: { topic: Topic.OrdersDeadLetter, partition: 0, offset }, originalTopic: Topic.CustomerChange, originalPartition: 3, originalOffset: `10${offset}`,
  code: 'RETRIES_EXHAUSTED', reason: 'down', group: 'orders', failedAt: new Date('2026-12-04T10:00:00Z'), key: 'c-1', value: good, headers: { 'event-id': 'e-1' }, valueOmittedBytes: null, ...over,
});
const at = new Date('2026-12-04T12:00:00Z');
const emptyLog = (): RedriveLogIndex & { deadLetters: Set<string>; originals: Set<string> } => ({ deadLetters: new Set(), originals: new Set() });

describe('planRedrive', () => {
  it('sends what matches, decodes and was never sent; counts the rest by why', () => {
    const letters = [
      dl('1'), dl('2'), dl('3', { group: 'catalog' }), dl('4', { valueOmittedBytes: 600000, value: '' }), dl('5', { originalTopic: 'some.test.topic' }),
      dl('6', { originalTopic: null }), dl('7', { value: '{not json', code: 'BAD_JSON' }),
    ];
    const log = emptyLog();
    log.deadLetters.add(`${Topic.OrdersDeadLetter}/0/2`);
    const plan = planRedrive(letters, log, parseFilter({ group: ['orders'] }));
    expect(plan.send.map((d) => d.at.offset)).toEqual(['1']);
    expect(plan.alreadyRedriven).toBe(1);
    expect(plan.filteredOut).toBe(1);
    expect(plan.unsendable.map((u) => [u.deadLetter.at.offset, u.why])).toEqual([
      ['4', expect.stringContaining('too large')],
      ['5', 'some.test.topic is not an event topic of the contracts'],
      ['6', 'the record names no original topic'],
      ['7', 'every consumer would refuse it again (BAD_JSON)'],
    ]);
  });

  it('given one record dead-lettered by two groups, sends it back once: both groups see that copy', () => {
    const byAlerts = dl('1', { at: { topic: Topic.StreamsDeadLetter, partition: 0, offset: '1' }, group: 'sp.alerts', originalOffset: '500' });
    const byHistory = dl('2', { at: { topic: Topic.StreamsDeadLetter, partition: 0, offset: '2' }, group: 'sp.history', originalOffset: '500' });
    const plan = planRedrive([byAlerts, byHistory], emptyLog(), parseFilter({}));
    expect(plan.send).toEqual([byAlerts]);
    expect(plan.alreadyRedriven).toBe(1);
  });

  it('after a run was logged, a second plan sends nothing, and neither does one for another group that dead-lettered the same record', () => {
    const first = planRedrive([dl('1'), dl('2')], emptyLog(), parseFilter({}));
    const log = emptyLog();
    for (const d of first.send) {
      const entry = redriveLogRecord(d, at, 'run-1');
      indexLogRecord(log, entry.key, entry.value);
    }
    expect(planRedrive([dl('1'), dl('2')], log, parseFilter({}))).toMatchObject({ send: [], alreadyRedriven: 2 });
    const sameRecordOtherGroup = dl('9', { at: { topic: Topic.CatalogDeadLetter, partition: 0, offset: '9' }, group: 'other', originalOffset: '101' });
    expect(planRedrive([sameRecordOtherGroup], log, parseFilter({}))).toMatchObject({ send: [], alreadyRedriven: 1 });
  });

  it('given a recreated topic, a new record at an offset sent back before is still sent', () => {
    const log = emptyLog();
    const before = redriveLogRecord(dl('1'), at, 'run-1');
    indexLogRecord(log, before.key, before.value);
    const other = good.replace('"tier":"Bronze"', '"tier":"Silver"');
    const sameOffsetNewRecord = dl('9', { at: { topic: Topic.OrdersDeadLetter, partition: 0, offset: '9' }, originalOffset: '101', value: other });
    expect(planRedrive([sameOffsetNewRecord], log, parseFilter({})).send).toEqual([sameOffsetNewRecord]);
  });
});

describe('the records a redrive writes', () => {
  it('sends the original key, value and headers to the original topic, marked with where it came from', () => {
    expect(redrivenRecord(dl('7'), at)).toEqual({
      topic: Topic.CustomerChange, key: 'c-1', value: good,
      headers: { 'event-id': 'e-1', [REDRIVE_HEADERS.of]: `${Topic.OrdersDeadLetter}/0/7`, [REDRIVE_HEADERS.at]: '2026-12-04T12:00:00.000Z' },
    });
  });

  it('logs each dead letter under its own place, with the original record it carried', () => {
    const log = redriveLogRecord(dl('7'), at, 'run-1');
    expect(log).toMatchObject({ topic: Topic.RedriveLog, key: `${Topic.OrdersDeadLetter}/0/7` });
    expect(JSON.parse(log.value)).toMatchObject({ original: expect.stringMatching(/^accounts\.customer\.change\/3\/107\/[0-9a-f]{16}$/), originalTopic: Topic.CustomerChange, originalPartition: 3, originalOffset: '107', code: 'RETRIES_EXHAUSTED', group: 'orders', runId: 'run-1' });
  });

  it('indexes a log record it cannot parse by its key alone', () => {
    const log = emptyLog();
    indexLogRecord(log, 'orders.deadletter/0/1', 'not json');
    expect([...log.deadLetters]).toEqual(['orders.deadletter/0/1']);
    expect(log.originals.size).toBe(0);
  });
});

describe('stepsOf', () => {
  it('cuts by count, and by bytes so no request exceeds what the broker takes', () => {
    expect(stepsOf([dl('1'), dl('2'), dl('3')], 2, at).map((s) => s.length)).toEqual([2, 1]);
    const big = (o: string) => dl(o, { value: good + ' '.repeat(400_000) });
    const steps = stepsOf([big('1'), big('2'), big('3'), dl('4')], 100, at);
    expect(steps.map((s) => s.map((d) => d.at.offset))).toEqual([['1', '2'], ['3', '4']]);
    expect(MAX_STEP_BYTES).toBeLessThan(1_048_576);
  });
});

describe('countsOf', () => {
  it('counts by original topic, code and group, largest first', () => {
    expect(countsOf([dl('1'), dl('2'), dl('3', { code: 'HANDLER_REJECTED' })])).toEqual([
      { originalTopic: Topic.CustomerChange, code: 'RETRIES_EXHAUSTED', group: 'orders', count: 2 },
      { originalTopic: Topic.CustomerChange, code: 'HANDLER_REJECTED', group: 'orders', count: 1 },
    ]);
  });
});
