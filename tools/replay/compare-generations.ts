import { generationCollection } from '@app/mongo';
import { Db } from 'mongodb';
import { ReplayTarget } from './replay-targets';
import { CollectionComparison, Doc, compareCollections, identical } from './view-comparison';

/** Compares every collection of the serving generation with the rebuilt one. */
export async function compareGenerations(db: Db, target: ReplayTarget, live: number, rebuilt: number, sample: number): Promise<CollectionComparison[]> {
  const result: CollectionComparison[] = [];
  for (const c of target.collections) {
    const read = async (name: string) => {
      const stored = await db.collection<Doc>(name).find({}).toArray();
      return c.documents ? c.documents(stored) : stored;
    };
    const [a, b] = await Promise.all([read(generationCollection(c.name, live)), read(generationCollection(c.name, rebuilt))]);
    result.push(compareCollections(c.name, a, b, c.ignore, sample));
  }
  return result;
}

export function printComparison(print: (line: string) => void, c: CollectionComparison): void {
  const verdict = identical(c) ? 'identical' : `${c.differing} differ, ${c.onlyLive} only live, ${c.onlyRebuilt} only rebuilt`;
  print(`  ${c.collection}: live ${c.liveCount}, rebuilt ${c.rebuiltCount}, equal ${c.equal} — ${verdict}`);
  for (const d of c.sample) {
    print(`    ${d.id}`);
    print(`      live:    ${JSON.stringify(d.live)}`);
    print(`      rebuilt: ${JSON.stringify(d.rebuilt)}`);
  }
}
