import { generationCollection, generationGroupId, generationOfCollection, GenerationPointers } from '@app/mongo';
import { freePort } from '@app/platform/net/free-port';
import { Db } from 'mongodb';
import { join } from 'node:path';
import { followUntilCaughtUp } from './catch-up';
import { highestGroupGeneration, memberCount, positions } from './kafka-positions';
import { RebuildProcess } from './rebuild-process';
import { ReplayContext } from './replay-context';
import { PartitionPosition, reached } from './replay-progress';
import { ReplayTarget, ServiceLocation } from './replay-targets';
import { compareGenerations, printComparison } from './compare-generations';

export interface ReplayOutcome {
  target: string;
  from: number;
  to: number;
  switched: boolean;
}

const waitUntil = async (ctx: ReplayContext, timeoutMs: number, probe: () => Promise<boolean>): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, ctx.options.pollMs));
  }
};

/**
 * Waits for as long as the live group is behind the rebuild and moving (a live service catching up
 * after an outage may take long); gives up, without switching, only once it has not moved for
 * --handover-timeout. Switching before it got there would leave the business events of the records in
 * between unpublished: the new generation derives none from records below the rebuild's offsets.
 */
async function waitWhileLiveLags(ctx: ReplayContext, target: ReplayTarget, liveGroup: string, rebuilt: PartitionPosition[], to: number): Promise<void> {
  const behind = (live: PartitionPosition[]): number =>
    rebuilt.reduce((sum, r) => sum + Math.max(0, r.committed - Math.max(r.low, live.find((l) => l.topic === r.topic && l.partition === r.partition)?.committed ?? -1)), 0);
  let lastBehind = Number.POSITIVE_INFINITY;
  let movedAt = Date.now();
  let printedAt = 0;
  for (;;) {
    const live = await positions(ctx.admin, liveGroup, target.topics);
    if (reached(live, rebuilt)) return;
    const now = Date.now();
    const left = behind(live);
    if (left < lastBehind) {
      lastBehind = left;
      movedAt = now;
    }
    if (now - movedAt > ctx.options.handoverTimeoutMs) {
      throw new Error(
        `${target.name}: the live group ${liveGroup} is ${left} records behind the rebuild and has not moved for ${ctx.options.handoverTimeoutMs / 1000} s; ` +
          `not switching (generation ${to} is kept, not serving). Run the replay again once the live service consumes.`,
      );
    }
    if (now - printedAt >= 5000) {
      ctx.print(`${target.name}: waiting for the live group ${liveGroup}: ${left} records behind the rebuild`);
      printedAt = now;
    }
    await new Promise((r) => setTimeout(r, ctx.options.pollMs));
  }
}

/** The serving generation, and a fresh one: above every generation any group or collection of the target ever had. */
async function chooseGenerations(ctx: ReplayContext, db: Db, target: ReplayTarget, baseGroup: string): Promise<{ from: number; to: number }> {
  const from = (await new GenerationPointers(db).read([target.name])).get(target.name) ?? 0;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const used = names.flatMap((n) => target.collections.map((c) => generationOfCollection(c.name, n) ?? 0));
  return { from, to: Math.max(from, await highestGroupGeneration(ctx.admin, baseGroup), ...used) + 1 };
}

/** The consumer group a generation of the target consumes under; `own` unless it is shared with other targets. */
function groupOf(target: ReplayTarget, location: ServiceLocation, generation: number): { groupId: string; own: boolean } {
  const shared = generation === 0 ? target.sharedGroup?.(location) : undefined;
  return shared ? { groupId: shared, own: false } : { groupId: generationGroupId(target.baseGroup(location), generation), own: true };
}

/** Drops a generation's collections and forgets its consumer group (unless other targets still consume under it). */
async function discard(ctx: ReplayContext, db: Db, target: ReplayTarget, location: ServiceLocation, generation: number): Promise<void> {
  for (const c of target.collections) await db.dropCollection(generationCollection(c.name, generation)).catch(() => false);
  const { groupId, own } = groupOf(target, location, generation);
  if (own) await ctx.admin.deleteGroups([groupId]).catch(() => undefined);
}

/**
 * Blue/green rebuild of one target: the service, in rebuild mode, replays the topics from the beginning
 * into a new generation under a fresh group while the live one keeps serving; once caught up it is
 * stopped (offsets committed), compared with the live generation, and — unless a dry run — the pointer
 * is switched in one write. The live service then consumes on from the rebuild's offsets.
 */
export async function replayTarget(ctx: ReplayContext, target: ReplayTarget): Promise<ReplayOutcome> {
  const location = ctx.locations[target.service];
  const db = ctx.mongo.db(location.db);
  const { from, to } = await chooseGenerations(ctx, db, target, target.baseGroup(location));
  const { groupId } = groupOf(target, location, to);
  const logFile = join(ctx.logDir, `replay-${location.db}-${target.name}-g${to}.log`);
  ctx.print(`${target.name}: rebuilding generation ${to} (serving: ${from}) under group ${groupId}; log: ${logFile}`);
  const env = { ...ctx.env, ...target.rebuildEnv(to), MONGO_DB: location.db, KAFKA_GROUP_ID: location.group, HTTP_PORT: String(await freePort()) };
  const rebuild = new RebuildProcess(ctx.distRoot, target.service, env, logFile);
  try {
    await followUntilCaughtUp(ctx, target.name, groupId, target.topics, rebuild);
    // Caught up with the events is not yet done: time-based results (due timers) come a tick later.
    const settled = target.settled;
    if (settled && !(await waitUntil(ctx, ctx.options.handoverTimeoutMs, () => settled(db, to)))) {
      ctx.print(`${target.name}: WARNING generation ${to} still has due work (timers) after ${ctx.options.handoverTimeoutMs / 1000} s`);
    }
  } finally {
    await rebuild.stop();
  }
  const comparisons = await compareGenerations(db, target, from, to, ctx.options.sample);
  comparisons.forEach((c) => printComparison(ctx.print, c));
  if (ctx.options.dryRun) {
    if (ctx.options.keep) ctx.print(`${target.name}: dry run; generation ${to} kept (not serving)`);
    else await discard(ctx, db, target, location, to);
    return { target: target.name, from, to, switched: false };
  }
  await handOver(ctx, db, target, location, from, to);
  return { target: target.name, from, to, switched: true };
}

async function handOver(ctx: ReplayContext, db: Db, target: ReplayTarget, location: ServiceLocation, from: number, to: number): Promise<void> {
  const liveGroup = groupOf(target, location, from).groupId;
  const newGroup = groupOf(target, location, to).groupId;
  // Business events the view derives are published by the live generation up to where it stops: it must
  // have got as far as the rebuild, or those in between would never be published.
  const rebuilt = await positions(ctx.admin, newGroup, target.topics);
  const liveProcesses = await memberCount(ctx.admin, liveGroup);
  if (liveProcesses > 0) await waitWhileLiveLags(ctx, target, liveGroup, rebuilt, to);
  const pointers = new GenerationPointers(db);
  await pointers.write(target.name, to, new Date());
  ctx.print(`${target.name}: pointer switched ${from} -> ${to}`);
  // Each live process reports once it serves the new generation; only then may the old one go.
  if (liveProcesses === 0 || !(await waitUntil(ctx, ctx.options.handoverTimeoutMs, async () => (await pointers.servedBy(target.name, to)) >= liveProcesses))) {
    ctx.print(`${target.name}: ${liveProcesses === 0 ? 'no running' : 'not every running'} ${target.service} has picked up generation ${to} yet; it will when it polls or starts (generation ${from} kept)`);
    return;
  }
  ctx.print(`${target.name}: live processing continues under ${newGroup}`);
  if (ctx.options.dropOld && from !== to) {
    await discard(ctx, db, target, location, from);
    ctx.print(`${target.name}: generation ${from} dropped`);
  } else {
    const names = target.collections.map((c) => generationCollection(c.name, from)).join(', ');
    const group = groupOf(target, location, from);
    ctx.print(`${target.name}: generation ${from} kept (${names}${group.own ? `; group ${group.groupId}` : ''}); drop it with --drop-old next time or by hand`);
  }
}
