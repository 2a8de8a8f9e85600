import { Kafka } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * Waits until a consumer group has committed every partition of the topics up to the end offsets they
 * have now. A service started with a fresh group replays the topics first; on a long-lived developer
 * broker that can take longer than one bounded read-your-writes wait.
 */
export async function waitForGroupCaughtUp(kafka: Kafka, groupId: string, topics: string[], timeoutMs = 180_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics });
        const behind = committed.flatMap(({ topic, partitions }) =>
          partitions.filter((p) => {
            const end = ends.get(`${topic}/${p.partition}`) ?? 0n;
            return end > 0n && (p.offset === '-1' ? 0n : BigInt(p.offset)) < end;
          }),
        );
        return behind.length === 0 ? true : undefined;
      },
      { timeoutMs, intervalMs: 250, what: `consumer group ${groupId} to catch up with ${topics.join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
}
