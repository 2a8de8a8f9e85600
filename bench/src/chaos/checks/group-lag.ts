import { Admin } from 'kafkajs';

/** Per consumer group whose id starts with the prefix: the topics it commits offsets for, and its lag on them. */
export async function groupLags(admin: Admin, prefix: string): Promise<Map<string, Map<string, number>>> {
  const { groups } = await admin.listGroups();
  const result = new Map<string, Map<string, number>>();
  for (const { groupId } of groups.filter((g) => g.groupId.startsWith(prefix))) {
    const lags = new Map<string, number>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      const committed = partitions.filter((p) => Number(p.offset) >= 0);
      if (committed.length === 0) continue;
      lags.set(topic, partitions.reduce((n, p) => n + Math.max(0, (ends.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))), 0));
    }
    result.set(groupId, lags);
  }
  return result;
}
