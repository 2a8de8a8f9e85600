import { compareCollections, identical } from './view-comparison';

describe('comparing a live and a rebuilt collection', () => {
  it('ignores bookkeeping fields and the order of fields', () => {
    const c = compareCollections('catalogue', [{ _id: 'a', stock: 3, version: 7, outbox: [] }], [{ version: 2, stock: 3, _id: 'a' }], ['version', 'outbox'], 5);
    expect(identical(c)).toBe(true);
    expect(c).toMatchObject({ liveCount: 1, rebuiltCount: 1, equal: 1 });
  });

  it('counts differing and missing documents and samples at most n of them', () => {
    const live = [{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }, { _id: 'c', n: 1 }];
    const rebuilt = [{ _id: 'a', n: 2 }, { _id: 'b', n: 1 }, { _id: 'd', n: 1 }];
    const c = compareCollections('x', live, rebuilt, [], 2);
    expect(c).toMatchObject({ equal: 1, differing: 1, onlyLive: 1, onlyRebuilt: 1 });
    expect(c.sample).toEqual([
      { id: 'a', live: { _id: 'a', n: 1 }, rebuilt: { _id: 'a', n: 2 } },
      { id: 'c', live: { _id: 'c', n: 1 }, rebuilt: null },
    ]);
  });
});
