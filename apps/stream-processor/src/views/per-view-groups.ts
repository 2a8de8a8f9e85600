import { Admin } from 'kafkajs';
import { sharedViewsGroupId, viewBaseGroup, VIEW_TOPICS, ViewName } from './view-projector';

/** Committed offsets per topic and partition (-1: none). */
export type GroupOffsets = ReadonlyMap<string, ReadonlyMap<number, number>>;

/**
 * Where the views' shared group starts, per topic and partition, after an upgrade from the layout where
 * each view was its own group: at the lowest offset the groups of the views reading the topic had
 * committed, so every view reads again at most what it may already have applied (which it recognises).
 * A partition one of them had committed nothing for is left out (it starts at the beginning); nothing at
 * all when no view's group had committed anything (a new install).
 */
export function lowestCommitted(views: readonly ViewName[], committed: ReadonlyMap<ViewName, GroupOffsets>): Map<string, Map<number, number>> {
  const start = new Map<string, Map<number, number>>();
  const unknown = new Set<string>();
  let any = false;
  for (const view of views) {
    for (const topic of VIEW_TOPICS[view]) {
      for (const [partition, offset] of committed.get(view)?.get(topic) ?? []) {
        const at = start.get(topic) ?? new Map<number, number>();
        start.set(topic, at);
        if (offset < 0) unknown.add(`${topic}/${partition}`);
        else any = true;
        at.set(partition, Math.min(at.get(partition) ?? offset, offset));
      }
    }
  }
  if (!any) return new Map();
  for (const [topic, partitions] of start) for (const partition of [...partitions.keys()]) if (unknown.has(`${topic}/${partition}`)) partitions.delete(partition);
  return new Map([...start].filter(([, partitions]) => partitions.size > 0));
}

async function offsetsOf(admin: Admin, groupId: string, topics: readonly string[]): Promise<GroupOffsets> {
  const fetched = await admin.fetchOffsets({ groupId, topics: [...topics] });
  return new Map(fetched.map(({ topic, partitions }) => [topic, new Map(partitions.map((p) => [p.partition, Number(p.offset)]))]));
}

/**
 * Before the views' shared group first runs: if it has no offsets but the per-view groups of the
 * earlier layout (`<prefix>.<view>`) have, it is set to start where they stopped (lowestCommitted)
 * instead of re-reading every topic from the beginning. Answers the partitions it set (none when the
 * group already had offsets or nothing was there to upgrade from).
 */
export async function startWherePerViewGroupsStopped(admin: Admin, prefix: string, views: readonly ViewName[]): Promise<number> {
  const shared = sharedViewsGroupId(prefix);
  const topics = [...new Set(views.flatMap((view) => VIEW_TOPICS[view]))];
  const own = await offsetsOf(admin, shared, topics);
  if ([...own.values()].some((partitions) => [...partitions.values()].some((offset) => offset >= 0))) return 0;
  const committed = new Map<ViewName, GroupOffsets>();
  for (const view of views) committed.set(view, await offsetsOf(admin, viewBaseGroup(prefix, view), VIEW_TOPICS[view]));
  let set = 0;
  for (const [topic, partitions] of lowestCommitted(views, committed)) {
    await admin.setOffsets({ groupId: shared, topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
    set += partitions.size;
  }
  return set;
}
