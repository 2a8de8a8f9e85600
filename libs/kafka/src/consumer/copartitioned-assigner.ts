import { AssignerProtocol, PartitionAssigner } from 'kafkajs';

/** Partition numbers per member: each member gets the same numbers of every topic. */
export function copartitionedAssignment(memberIds: readonly string[], partitionsByTopic: ReadonlyMap<string, readonly number[]>): Map<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const numbers = [...new Set([...partitionsByTopic.values()].flat())].sort((a, b) => a - b);
  const assignment = new Map<string, Record<string, number[]>>(members.map((m) => [m, {}]));
  numbers.forEach((partition, i) => {
    const member = assignment.get(members[i % members.length]) as Record<string, number[]>;
    for (const [topic, partitions] of partitionsByTopic) if (partitions.includes(partition)) (member[topic] ??= []).push(partition);
  });
  return assignment;
}

/**
 * Assigns partition N of every subscribed topic to the same member, as Kafka Streams does for
 * co-partitioned topics: the topics a view reads are keyed by the same id with the same partition count
 * (product events, reviews and stock alerts by product id), so one member owns every event of a key and
 * its keyed state, whichever topic the event came from. Partition numbers go round-robin over the
 * members sorted by id.
 */
export const CopartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CopartitionedAssigner',
  version: 0,
  async assign({ members, topics }) {
    const partitionsByTopic = new Map(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId)]));
    const assignment = copartitionedAssignment(
      members.map((m) => m.memberId),
      partitionsByTopic,
    );
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: topicPartitions, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'CopartitionedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
