import { generationOfGroup } from '@app/mongo';
import { Admin } from 'kafkajs';
import { PartitionPosition } from './replay-progress';

/** The end offsets of `topics` and the committed offsets of `groupId` in them. */
export async function positions(admin: Admin, groupId: string, topics: string[]): Promise<PartitionPosition[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const result: PartitionPosition[] = [];
  for (const topic of topics) {
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
      result.push({ topic, partition: end.partition, low: Number(end.low), high: Number(end.high), committed: at });
    }
  }
  return result;
}

/** The highest generation any consumer group of `baseGroup` has (a group once used is never reused: it has offsets). */
export async function highestGroupGeneration(admin: Admin, baseGroup: string): Promise<number> {
  const { groups } = await admin.listGroups();
  return Math.max(0, ...groups.map((g) => generationOfGroup(baseGroup, g.groupId) ?? 0));
}

/** How many processes consume under the group now. */
export async function memberCount(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups.reduce((n, g) => n + g.members.length, 0);
}
