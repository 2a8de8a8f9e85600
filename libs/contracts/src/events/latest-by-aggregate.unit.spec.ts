import { latestByAggregate } from './latest-by-aggregate';
import { envelope } from './event-envelope';

const e = (id: string, version: number) => envelope('T', 1, id, version, { version }, { eventId: `${id}-${version}`, occurredAt: new Date(0), correlationId: 'c' });

describe('latestByAggregate', () => {
  it('keeps the highest version of each aggregate, whatever order the events come in', () => {
    expect(latestByAggregate([e('a', 1), e('b', 2), e('a', 3), e('a', 2), e('b', 1)]).map((x) => x.eventId)).toEqual(['a-3', 'b-2']);
  });
});
