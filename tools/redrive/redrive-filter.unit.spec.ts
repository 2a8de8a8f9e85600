import { Topic } from '@app/contracts';
import { DeadLetter } from './dead-letter-entry';
import { matches, parseFilter } from './redrive-filter';

const dl = (over: Partial<DeadLetter> = {}): DeadLetter => ({
  at: { topic: Topic.OrdersDeadLetter, partition: 0, offset: '1' }, originalTopic: Topic.CustomerChange, originalPartition: 0, originalOffset: '5',
  code: 'RETRIES_EXHAUSTED', reason: '', group: 'orders', failedAt: new Date('2026-12-04T10:00:00Z'), key: 'c-1', value: '{}', headers: {}, valueOmittedBytes: null, ...over,
});

describe('parseFilter', () => {
  it('with no options, matches every dead letter', () => {
    const f = parseFilter({});
    expect(matches(f, dl())).toBe(true);
    expect(matches(f, dl({ originalTopic: null, code: 'X', group: '' }))).toBe(true);
  });

  it('refuses unknown topics, dead-letter topics, bad times and a reversed range, all at once', () => {
    expect(() => parseFilter({ topic: ['nope', Topic.OrdersDeadLetter], since: 'yesterday', until: '2026-12-04' })).toThrow(
      /--topic nope[\s\S]*--topic orders.deadletter[\s\S]*--since yesterday[\s\S]*--until 2026-12-04/,
    );
    expect(() => parseFilter({ since: '2026-12-05T00:00:00Z', until: '2026-12-04T00:00:00Z' })).toThrow('--since is after --until');
  });
});

describe('matches', () => {
  it('given several values of one filter, any of them matches; different filters must all match', () => {
    const f = parseFilter({ topic: [Topic.CustomerChange, Topic.OrderEvents], code: ['RETRIES_EXHAUSTED'], group: ['orders'] });
    expect(matches(f, dl())).toBe(true);
    expect(matches(f, dl({ originalTopic: Topic.OrderEvents }))).toBe(true);
    expect(matches(f, dl({ originalTopic: Topic.ProductEvents }))).toBe(false);
    expect(matches(f, dl({ originalTopic: null }))).toBe(false);
    expect(matches(f, dl({ code: 'INVALID_SCHEMA' }))).toBe(false);
    expect(matches(f, dl({ group: 'catalog' }))).toBe(false);
  });

  it('takes --since inclusive and --until exclusive, on the time of dead-lettering', () => {
    const f = parseFilter({ since: '2026-12-04T10:00:00Z', until: '2026-12-04T11:00:00+00:00' });
    expect(matches(f, dl({ failedAt: new Date('2026-12-04T10:00:00Z') }))).toBe(true);
    expect(matches(f, dl({ failedAt: new Date('2026-12-04T09:59:59.999Z') }))).toBe(false);
    expect(matches(f, dl({ failedAt: new Date('2026-12-04T11:00:00Z') }))).toBe(false);
  });
});
