import { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates topics and returns once every partition has a leader. KafkaJS' own `waitForLeaders` gives up
 * when a fresh KRaft broker still answers UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created,
 * which it does for a moment on a busy machine; here that answer is waited out (bounded).
 */
export async function createTopicsWithLeaders(admin: Admin, topics: ITopicConfig[], timeoutMs = 60_000): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lastError: unknown;
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topics.map((t) => t.topic).join(', ')} after ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
