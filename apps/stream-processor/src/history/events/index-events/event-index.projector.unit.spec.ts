import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { PinoLogger } from 'nestjs-pino';
import { EventIndexRepository } from '../../database/event-index.repository';
import { HISTORY_BUFFER_BYTES, SliceDocument } from '../../domain/event-slices';
import { STREAM_OF_TOPIC } from '../../domain/indexed-event';
import { VIEW_TOPICS } from '../../../views/view-projector';
import { EventIndexProjector } from './event-index.projector';

const consumed = (topic: string, aggregateId: string, offset: number, payload: unknown = {}): ConsumedEvent => ({
  event: {
    eventId: `${aggregateId}-${topic}-${offset}`,
    aggregateId,
    aggregateVersion: offset + 1,
    type: 'ProductChanged',
    schemaVersion: 1,
    occurredAt: '2024-01-01T00:00:00.000Z',
    correlationId: 'c',
    payload,
  } as unknown as ConsumedEvent['event'],
  ctx: { topic, partition: 0, offset: String(offset), key: aggregateId, timestamp: '0' },
});

function projector(): { projector: EventIndexProjector; stored: SliceDocument[] } {
  const stored: SliceDocument[] = [];
  const index = { insert: async (slices: SliceDocument[]) => (stored.push(...slices), new Map<string, string>()) };
  return { projector: new EventIndexProjector(index as unknown as EventIndexRepository, { info: jest.fn() } as unknown as PinoLogger), stored };
}

describe('EventIndexProjector (no servers)', () => {
  it('counts the streams a flush writes as its pending keys, not the events: many events of one stream are one key', async () => {
    const { projector: p, stored } = projector();
    await p.apply([0, 1, 2, 3].map((o) => consumed(Topic.ProductEvents, 'p1', o)));
    await p.apply([consumed(Topic.ReviewEvents, 'p1', 0), consumed(Topic.ProductEvents, 'p2', 4)]);
    expect(p.pending()).toBe(3);
    expect(p.full()).toBe(false);

    await p.flush();
    expect(stored.map((s) => [s._id.split('|').slice(0, 2).join('|'), s.events.length])).toEqual([['p1|product', 4], ['p1|review', 1], ['p2|product', 1]]);
    expect([p.pending(), p.full()]).toEqual([0, false]);
  });

  it('is full once the buffered events hold HISTORY_BUFFER_BYTES of text, however few streams they touch; a flush or a reset empties it', async () => {
    const { projector: p } = projector();
    // 512 events whose text (payload plus an envelope of less than 1,000 characters) stays under the limit, then one past it.
    const count = 512;
    const big = 'x'.repeat(HISTORY_BUFFER_BYTES / count - 1000);
    await p.apply(Array.from({ length: count }, (_, o) => consumed(Topic.ProductEvents, 'p1', o, { big })));
    expect([p.pending(), p.full()]).toEqual([1, false]);
    await p.apply([consumed(Topic.ProductEvents, 'p1', count, { big: 'x'.repeat(count * 1000) })]);
    expect([p.pending(), p.full()]).toEqual([1, true]);

    await p.flush();
    expect([p.pending(), p.full()]).toEqual([0, false]);
    await p.apply([consumed(Topic.ProductEvents, 'p1', count + 1, { big })]);
    p.reset();
    expect([p.pending(), p.full()]).toEqual([0, false]);
  });
});

describe('EventIndexProjector reading again what an earlier writer stored (no servers)', () => {
  it('holds the commit of a partition until it has read past the slices it recognised there', async () => {
    // An earlier writer stored p1's product events 0..9 as one slice; this one reads again from 0.
    const index = { insert: async (slices: SliceDocument[]) => new Map(slices.filter((s) => s.first === '0').map((s) => [s._id, '9'])) };
    const p = new EventIndexProjector(index as unknown as EventIndexRepository, { info: jest.fn() } as unknown as PinoLogger);
    await p.apply([0, 1, 2].map((o) => consumed(Topic.ProductEvents, 'p1', o)));
    await p.flush();
    expect(p.holdsCommit(Topic.ProductEvents, 0, '2')).toBe(true);
    expect(p.holdsCommit(Topic.ReviewEvents, 0, '2')).toBe(false);
    expect(p.holdsCommit(Topic.ProductEvents, 1, '2')).toBe(false);
    expect(p.holdsCommit(Topic.ProductEvents, 0, '9')).toBe(false);
    p.reset();
    expect(p.holdsCommit(Topic.ProductEvents, 0, '2')).toBe(false);
  });
});

describe('the event index topics', () => {
  it('names a stream for every topic the history view reads, and reads every topic it names a stream for', () => {
    expect(Object.keys(STREAM_OF_TOPIC).sort()).toEqual([...VIEW_TOPICS.history].sort());
    expect(projector().projector.topics).toEqual([...VIEW_TOPICS.history]);
  });
});
