import { isDeepStrictEqual } from 'node:util';

export type Doc = { _id: unknown } & Record<string, unknown>;

export interface Difference {
  id: string;
  live: Doc | null;
  rebuilt: Doc | null;
}

export interface CollectionComparison {
  collection: string;
  liveCount: number;
  rebuiltCount: number;
  /** Documents in both, equal once the ignored fields are left out. */
  equal: number;
  differing: number;
  onlyLive: number;
  onlyRebuilt: number;
  sample: Difference[];
}

const without = (doc: Doc, ignore: readonly string[]): Doc => Object.fromEntries(Object.entries(doc).filter(([k]) => !ignore.includes(k))) as Doc;

/** Compares a live and a rebuilt collection document by document (bookkeeping fields ignored), with a sample of the differences. */
export function compareCollections(collection: string, live: Doc[], rebuilt: Doc[], ignore: readonly string[], sampleSize: number): CollectionComparison {
  const rebuiltById = new Map(rebuilt.map((d) => [String(d._id), without(d, ignore)]));
  const result: CollectionComparison = { collection, liveCount: live.length, rebuiltCount: rebuilt.length, equal: 0, differing: 0, onlyLive: 0, onlyRebuilt: 0, sample: [] };
  const note = (d: Difference) => result.sample.length < sampleSize && result.sample.push(d);
  const seen = new Set<string>();
  for (const doc of live) {
    const id = String(doc._id);
    seen.add(id);
    const mine = without(doc, ignore);
    const other = rebuiltById.get(id);
    if (!other) {
      result.onlyLive++;
      note({ id, live: mine, rebuilt: null });
    } else if (isDeepStrictEqual(mine, other)) result.equal++;
    else {
      result.differing++;
      note({ id, live: mine, rebuilt: other });
    }
  }
  for (const [id, doc] of rebuiltById) {
    if (seen.has(id)) continue;
    result.onlyRebuilt++;
    note({ id, live: null, rebuilt: doc });
  }
  return result;
}

export const identical = (c: CollectionComparison): boolean => c.differing === 0 && c.onlyLive === 0 && c.onlyRebuilt === 0;
