import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { PinoLogger } from 'nestjs-pino';
import { EventIndexRepository } from '../../database/event-index.repository';
import { SliceDocument } from '../../domain/event-slices';
import { EventIndexProjector, HISTORY_BUFFER_BYTES } from './event-index.projector';

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
