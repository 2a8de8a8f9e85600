import { ConsumedEvent } from '@app/kafka';
import { ViewProgress } from './view-progress';

const at = (occurredAt: string, partition = 0): ConsumedEvent =>
  ({ event: { occurredAt }, ctx: { topic: 'orders.events', partition, offset: '0', key: undefined, timestamp: '0' } }) as unknown as ConsumedEvent;

describe('ViewProgress', () => {
  it('counts only what a flush took: events noted while it ran wait for the next flush', () => {
    const progress = new ViewProgress();
    const changes: string[] = [];
    progress.changes.subscribe((view) => changes.push(view));
    progress.noted('alerts', [at('2026-01-01T00:00:01.000Z')]);
    const taken = progress.taking('alerts');
    progress.noted('alerts', [at('2026-01-01T00:00:05.000Z'), at('2026-01-01T00:00:02.000Z', 1)]); // applied while the flush runs
    progress.flushed('alerts', taken);
    expect([progress.watermark('alerts', 'orders.events', 0), progress.watermark('alerts', 'orders.events', 1), progress.lastEvent('alerts')]).toEqual([
      '2026-01-01T00:00:01.000Z',
      undefined,
      '2026-01-01T00:00:01.000Z',
    ]);
    progress.flushed('alerts', progress.taking('alerts'));
    expect([progress.watermark('alerts', 'orders.events', 0), progress.watermark('alerts', 'orders.events', 1), progress.lastEvent('alerts')]).toEqual([
      '2026-01-01T00:00:05.000Z',
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:05.000Z',
    ]);
    expect(changes).toEqual(['alerts', 'alerts']);
  });

  it('forgets what was noted when the unflushed state is dropped', () => {
    const progress = new ViewProgress();
    progress.noted('catalogue', [at('2026-01-01T00:00:01.000Z')]);
    progress.discardUnflushed('catalogue');
    progress.flushed('catalogue', progress.taking('catalogue'));
    expect(progress.lastEvent('catalogue')).toBeNull();
  });
});
