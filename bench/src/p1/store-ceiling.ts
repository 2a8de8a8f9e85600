import { BenchContext } from '../bench-context';
import { CpuMeter } from '../infra/cpu-usage';

export interface StoreCeiling {
  documents: number;
  bulkSize: number;
  /** Upserts by _id (one $set each, like a catalogue entry's), written as unordered bulks one after another. */
  upsertsPerSecond: number;
  /** The same count of new documents with insertMany (the cheapest write there is). */
  insertsPerSecond: number;
  /** FerretDB CPU per upserted document (ms), and the cores it used while upserting. */
  ferretdbCpuMsPerUpsert: number | null;
  ferretdbCores: number | null;
}

/**
 * Baseline (d), the store's write ceiling: how many single-document writes per second FerretDB takes from
 * one client in big bulks, with nothing else in the way. A view that writes at least one document per
 * event (or per product per batch) cannot be faster than this, whatever the consumer does.
 */
export async function storeCeiling(ctx: BenchContext, documents: number, bulkSize = 1_000): Promise<StoreCeiling> {
  const db = ctx.mongo.db(`bench_store_${ctx.runTag}`);
  const upserts = db.collection<{ _id: string }>('upserts');
  const inserts = db.collection<{ _id: string }>('inserts');
  const meter = new CpuMeter({ ferretdb: ctx.runtimePids.ferretdb });
  const doc = (i: number) => ({ name: `Product ${i}`, description: `Generated product ${i}.`, price: i / 100, stock: i % 300, productVersion: 1, reviewCount: 0, ratingSum: 0 });

  meter.start();
  let started = performance.now();
  for (let from = 0; from < documents; from += bulkSize) {
    const ops = [];
    for (let i = from; i < Math.min(documents, from + bulkSize); i++) ops.push({ updateOne: { filter: { _id: `p${i}` }, update: { $set: doc(i) }, upsert: true } });
    await upserts.bulkWrite(ops, { ordered: false });
  }
  const upsertSeconds = (performance.now() - started) / 1000;
  const cpu = meter.stop().ferretdb;

  started = performance.now();
  for (let from = 0; from < documents; from += bulkSize) {
    const docs = [];
    for (let i = from; i < Math.min(documents, from + bulkSize); i++) docs.push({ _id: `p${i}`, ...doc(i) });
    await inserts.insertMany(docs, { ordered: false });
  }
  const insertSeconds = (performance.now() - started) / 1000;
  await db.dropDatabase();
  return {
    documents,
    bulkSize,
    upsertsPerSecond: documents / upsertSeconds,
    insertsPerSecond: documents / insertSeconds,
    ferretdbCpuMsPerUpsert: cpu ? Math.round((cpu.cpuSeconds / documents) * 1e6) / 1e3 : null,
    ferretdbCores: cpu ? cpu.cores : null,
  };
}
