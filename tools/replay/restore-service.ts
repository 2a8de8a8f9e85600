import { endOffsets, forEachUntilEnd } from '@app/kafka';
import { Db, Document } from 'mongodb';
import { compareCollections, Doc, identical } from './view-comparison';
import { printComparison } from './compare-generations';
import { ReplayContext } from './replay-context';
import { RestoreFold, RestoreTarget } from './restore-targets';

const CHUNK = 1000;
const staging = (name: string) => `${name}__restore`;

export interface RestoreOutcome {
  target: string;
  restored: boolean;
  identical: boolean;
}

/** Folds the target's topics from the beginning to their current end, under a throwaway group; returns how many events it read. */
async function readTopics(ctx: ReplayContext, target: RestoreTarget, fold: RestoreFold): Promise<number> {
  const groupId = `replay-restore.${target.name}.${Date.now()}`;
  const ends = await endOffsets(ctx.admin, target.topics);
  // A short fetch wait: with every read-ahead buffer full the fetcher sleeps that long before it sees a resume.
  const consumer = ctx.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 256 * 1024, maxWaitTimeInMs: 50 });
  await consumer.connect();
  let read = 0;
  try {
    await forEachUntilEnd(consumer, target.topics, ends, (record) => {
      read++;
      fold.add(record);
    });
    return read;
  } finally {
    await consumer.disconnect();
    await ctx.admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

async function committedOffsets(ctx: ReplayContext, target: RestoreTarget): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  if (target.consumes.length === 0) return committed;
  const { group } = ctx.locations[target.service];
  for (const { topic, partitions } of await ctx.admin.fetchOffsets({ groupId: group, topics: target.consumes })) {
    partitions.forEach((p) => committed.set(`${topic}|${p.partition}`, Number(p.offset)));
  }
  return committed;
}

async function writeStaging(db: Db, name: string, docs: Document[]): Promise<void> {
  await db.dropCollection(staging(name)).catch(() => false);
  await db.createCollection(staging(name));
  for (let i = 0; i < docs.length; i += CHUNK) await db.collection(staging(name)).insertMany(docs.slice(i, i + CHUNK), { ordered: false });
}

/**
 * Restores a service's own collections from its events. They are the system of record, written by
 * its commands, so they are never swapped under a running service: the restore fills them only where
 * every one is empty (a lost database); otherwise it compares, like a dry run.
 */
export async function restoreService(ctx: ReplayContext, target: RestoreTarget): Promise<RestoreOutcome> {
  const db = ctx.mongo.db(ctx.locations[target.service].db);
  const started = Date.now();
  const fold = target.fold(await committedOffsets(ctx, target));
  const read = await readTopics(ctx, target, fold);
  const built = fold.result();
  ctx.print(`${target.name}: read ${read} events of ${target.topics.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const c of target.collections) await writeStaging(db, c.name, built[c.name] ?? []);
  let same = true;
  let liveDocuments = 0;
  for (const c of target.collections) {
    const [live, rebuilt] = await Promise.all([db.collection<Doc>(c.name).find({}).toArray(), db.collection<Doc>(staging(c.name)).find({}).toArray()]);
    const comparison = compareCollections(c.name, live, rebuilt, c.ignore, ctx.options.sample);
    printComparison(ctx.print, comparison);
    same &&= identical(comparison);
    liveDocuments += live.length;
  }
  const swap = !ctx.options.dryRun && liveDocuments === 0;
  for (const c of target.collections) {
    if (swap) {
      await db.dropCollection(c.name).catch(() => false);
      await db.collection(staging(c.name)).rename(c.name);
    } else await db.dropCollection(staging(c.name));
  }
  if (swap) ctx.print(`${target.name}: restored ${target.collections.map((c) => `${c.name} (${built[c.name]?.length ?? 0})`).join(', ')}; start ${target.service} to serve them`);
  else if (!ctx.options.dryRun) ctx.print(`${target.name}: its collections hold data, so they were compared only (a system of record is restored into an empty database)`);
  return { target: target.name, restored: swap, identical: same };
}
