import { Cached, KeyedCache } from './keyed-cache';

const loader = (stored: Record<string, Cached<number>>) => {
  const asked: string[][] = [];
  const load = async (ids: string[]) => {
    asked.push(ids);
    return new Map(ids.filter((id) => stored[id]).map((id) => [id, stored[id]]));
  };
  return { load, asked };
};

describe('KeyedCache', () => {
  it('loads each key once, absent keys included, and serves it from memory afterwards', async () => {
    const cache = new KeyedCache<number>();
    const { load, asked } = loader({ a: { value: 1, rev: 4 } });
    await cache.ensure(['a', 'b', 'a'], load);
    await cache.ensure(['a', 'b', 'c'], load);
    expect(asked).toEqual([['a', 'b'], ['c']]);
    expect([cache.get('a'), cache.rev('a'), cache.get('b'), cache.rev('b')]).toEqual([1, 4, undefined, null]);
  });

  it('keeps changed keys pending, with the revision they were loaded at, until they are flushed', async () => {
    const cache = new KeyedCache<number>();
    await cache.ensure(['a', 'b', 'c'], loader({ a: { value: 1, rev: 4 } }).load);
    cache.put('a', 2);
    cache.put('b', 7);
    cache.put('a', 3);
    expect(cache.pending()).toBe(2);
    expect(cache.dirtyChunks(10)).toEqual([[['a', { value: 3, rev: 4 }], ['b', { value: 7, rev: null }]]]);
    const [[a]] = cache.dirtyChunks(10);
    cache.flushed([a], (c) => ({ ...c, rev: (c.rev ?? 0) + 1 }));
    expect(cache.pending()).toBe(1);
    expect(cache.rev('a')).toBe(5);
    expect(cache.dirtyChunks(10)).toEqual([[['b', { value: 7, rev: null }]]]);
  });

  it('splits the changed keys into bounded chunks', () => {
    const cache = new KeyedCache<number>();
    for (let i = 0; i < 5; i++) cache.put(`k${i}`, i);
    expect(cache.dirtyChunks(2).map((c) => c.length)).toEqual([2, 2, 1]);
  });

  it('seeds keys from a start-up query without overwriting what it holds, and forgets everything on clear', async () => {
    const cache = new KeyedCache<number>();
    cache.put('a', 9);
    cache.seed(new Map([['a', { value: 1, rev: 1 }], ['b', { value: 2, rev: 1 }]]));
    expect([cache.get('a'), cache.get('b')]).toEqual([9, 2]);
    cache.clear();
    expect([cache.get('a'), cache.pending()]).toEqual([undefined, 0]);
    const { load, asked } = loader({});
    await cache.ensure(['a'], load);
    expect(asked).toEqual([['a']]);
  });

  it('a key changed while its flush ran stays pending with its newer value, at the revision the flush wrote', async () => {
    const cache = new KeyedCache<number>();
    await cache.ensure(['a', 'b'], loader({ a: { value: 1, rev: 4 }, b: { value: 1, rev: 2 } }).load);
    cache.put('a', 2);
    cache.put('b', 5);
    const [taken] = cache.dirtyChunks(10);
    cache.put('a', 3); // applied while the flush of `taken` runs
    cache.flushed(taken, (current, written) => ({ ...current, rev: (written.rev ?? 0) + 1 }));
    expect([cache.get('a'), cache.rev('a'), cache.get('b'), cache.rev('b')]).toEqual([3, 5, 5, 3]);
    expect(cache.dirtyChunks(10)).toEqual([[['a', { value: 3, rev: 5 }]]]);
  });
});
