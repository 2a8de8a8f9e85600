import { Topic } from '@app/contracts';
import { DeadLetter } from './dead-letter-entry';
import { parseFilter } from './redrive-filter';
import { countsOf, planRedrive, REDRIVE_HEADERS, redrivenRecord, redriveLogRecord } from './redrive-plan';

const dl = (offset: string, over: Partial<DeadLetter> = {}): DeadLetter => ({
  at: { topic: Topic.OrdersDeadLetter, partition: 0, offset }, originalTopic: Topic.CustomerChange, originalPartition: 3, originalOffset: '5',
  code: 'RETRIES_EXHAUSTED', reason: 'down', group: 'orders', failedAt: new Date('2026-12-04T10:00:00Z'), key: 'c-1', value: '{"v":1}', headers: { 'event-id': 'e-1' }, valueOmittedBytes: null, ...over,
});
const at = new Date('2026-12-04T12:00:00Z');

describe('planRedrive', () => {
  it('sends what matches and was never sent; counts the rest by why', () => {
    const letters = [dl('1'), dl('2'), dl('3', { group: 'catalog' }), dl('4', { valueOmittedBytes: 600000, value: '' }), dl('5', { originalTopic: 'some.test.topic' }), dl('6', { originalTopic: null })];
    const plan = planRedrive(letters, new Set([`${Topic.OrdersDeadLetter}/0/2`]), parseFilter({ group: ['orders'] }));
    expect(plan.send.map((d) => d.at.offset)).toEqual(['1']);
    expect(plan.alreadyRedriven).toBe(1);
    expect(plan.filteredOut).toBe(1);
    expect(plan.unsendable.map((u) => [u.deadLetter.at.offset, u.why])).toEqual([
      ['4', expect.stringContaining('too large')],
      ['5', 'some.test.topic is not an event topic of the contracts'],
      ['6', 'the record names no original topic'],
    ]);
  });

  it('a second plan after the first was logged sends nothing', () => {
    const letters = [dl('1'), dl('2')];
    const first = planRedrive(letters, new Set(), parseFilter({}));
    const logged = new Set(first.send.map((d) => redriveLogRecord(d, at, 'run-1').key));
    expect(planRedrive(letters, logged, parseFilter({}))).toMatchObject({ send: [], alreadyRedriven: 2 });
  });
});

describe('the records a redrive writes', () => {
  it('sends the original key, value and headers to the original topic, marked with where it came from', () => {
    expect(redrivenRecord(dl('7'), at)).toEqual({
      topic: Topic.CustomerChange, key: 'c-1', value: '{"v":1}',
      headers: { 'event-id': 'e-1', [REDRIVE_HEADERS.of]: `${Topic.OrdersDeadLetter}/0/7`, [REDRIVE_HEADERS.at]: '2026-12-04T12:00:00.000Z' },
    });
  });

  it('logs each dead letter under its own place', () => {
    const log = redriveLogRecord(dl('7'), at, 'run-1');
    expect(log).toMatchObject({ topic: Topic.RedriveLog, key: `${Topic.OrdersDeadLetter}/0/7` });
    expect(JSON.parse(log.value)).toMatchObject({ originalTopic: Topic.CustomerChange, code: 'RETRIES_EXHAUSTED', group: 'orders', runId: 'run-1' });
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
