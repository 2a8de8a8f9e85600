import { Topic } from '@app/contracts';
import { GroupOffsets, lowestCommitted } from './per-view-groups';
import { VIEW_NAMES, VIEW_TOPICS, ViewName } from './view-projector';

/** A group's offsets: every topic the view reads, two partitions each, at these offsets (default -1). */
const group = (view: ViewName, at: Record<string, [number, number]> = {}): GroupOffsets =>
  new Map(VIEW_TOPICS[view].map((topic) => [topic, new Map([[0, at[topic]?.[0] ?? -1], [1, at[topic]?.[1] ?? -1]])]));

describe('where the views\' shared group starts after an upgrade from one group per view', () => {
  it('at the lowest offset any view reading the topic had committed, per partition', () => {
    const start = lowestCommitted(VIEW_NAMES, new Map([
      ['catalogue', group('catalogue', { [Topic.ProductEvents]: [40, 7], [Topic.ReviewEvents]: [3, 3] })],
      ['alerts', group('alerts', { [Topic.ProductEvents]: [35, 9], [Topic.OrderEvents]: [10, 11], [Topic.StockAlerts]: [2, 2] })],
      ['history', group('history', { [Topic.ProductEvents]: [41, 8], [Topic.OrderEvents]: [12, 5], [Topic.ReviewEvents]: [1, 4], [Topic.StockAlerts]: [2, 1], [Topic.CustomerChange]: [6, 6] })],
    ]));
    expect(Object.fromEntries([...start].map(([topic, p]) => [topic, Object.fromEntries(p)]))).toEqual({
      [Topic.ProductEvents]: { 0: 35, 1: 7 },
      [Topic.ReviewEvents]: { 0: 1, 1: 3 },
      [Topic.OrderEvents]: { 0: 10, 1: 5 },
      [Topic.StockAlerts]: { 0: 2, 1: 1 },
      [Topic.CustomerChange]: { 0: 6, 1: 6 },
    });
  });

  it('leaves out a partition one of the views reading it had committed nothing for (it starts at the beginning)', () => {
    const start = lowestCommitted(['catalogue', 'history'], new Map([
      ['catalogue', group('catalogue', { [Topic.ProductEvents]: [40, 7], [Topic.ReviewEvents]: [3, 3] })],
      ['history', group('history', { [Topic.ProductEvents]: [41, -1], [Topic.ReviewEvents]: [2, 2] })],
    ]));
    expect(start.get(Topic.ProductEvents)).toEqual(new Map([[0, 40]]));
    expect(start.get(Topic.ReviewEvents)).toEqual(new Map([[0, 2], [1, 2]]));
    expect(start.has(Topic.OrderEvents)).toBe(false);
  });

  it('sets nothing for a new install (no view group has committed anything)', () => {
    expect(lowestCommitted(VIEW_NAMES, new Map(VIEW_NAMES.map((view) => [view, group(view)])))).toEqual(new Map());
    expect(lowestCommitted(VIEW_NAMES, new Map())).toEqual(new Map());
  });
});
