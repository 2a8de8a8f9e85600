import { envelope, PRODUCT_CHANGED, Topic } from '@app/contracts';
import { uniqueName, viewsCaughtUp } from '@app/testing';
import { VIEW_NAMES, VIEW_TOPICS, viewGroupId } from '../../apps/stream-processor/src/views/view-projector';
import { kafka, processor, produce, views } from './stream-processor-workload';

/**
 * An upgrade from the earlier layout, one consumer group per view (`<prefix>.<view>`), to the views'
 * shared group: the shared group must start where the per-view groups stopped, not at the beginning of
 * the topics (which the views would absorb, but only after re-reading every topic).
 */
const run = uniqueName('upgrade').replace(/-/g, '_');
const prefix = `upgraded_${run}`;
const product = (id: string) => ({
  topic: Topic.ProductEvents,
  event: envelope(PRODUCT_CHANGED, 1, id, 1, { change: 'Created', product: { productId: id, name: 'P', description: '', price: 1, stock: 100, createdAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() } }, {
    eventId: uniqueName(`${run}-evt`),
    occurredAt: new Date(),
    correlationId: run,
  }),
});

/** Committed offsets of `groupId` in `topics`, as `topic/partition → offset`. */
async function committed(groupId: string, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
    return new Map(offsets.flatMap(({ topic, partitions }) => partitions.map((p) => [`${topic}/${p.partition}`, Number(p.offset)] as const)));
  } finally {
    await admin.disconnect();
  }
}

describe('stream processor upgraded from one consumer group per view', () => {
  const sp = processor('upgraded', run);
  afterAll(() => sp.stop());

  it("starts the views' shared group where the per-view groups stopped", async () => {
    await produce([product(`${run}-before`)]);
    // What the earlier layout left behind: each view's group committed up to the end of its topics.
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const view of VIEW_NAMES) {
        for (const topic of VIEW_TOPICS[view]) {
          const ends = await admin.fetchTopicOffsets(topic);
          await admin.setOffsets({ groupId: `${prefix}.${view}`, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
        }
      }
    } finally {
      await admin.disconnect();
    }
    const before = await committed(`${prefix}.history`, VIEW_TOPICS.history);
    await produce([product(`${run}-after`)]);

    await sp.start();
    await viewsCaughtUp(sp.url, {
      done: async () => (await views(`upgraded_${run}`, run)).catalogue.some((e) => e._id === `${run}-after`),
      timeoutMs: 120_000,
      what: 'the product produced after the upgrade in the catalogue',
    });
    const v = await views(`upgraded_${run}`, run);
    // The product the per-view groups had already applied is not read again (this database never had it).
    expect(v.catalogue.map((e) => e._id)).toEqual([`${run}-after`]);
    expect(v.index).toHaveLength(1);
    const shared = await committed(viewGroupId({ KAFKA_GROUP_ID: prefix }, 'catalogue'), VIEW_TOPICS.history);
    for (const [partition, offset] of before) expect(shared.get(partition) ?? -1).toBeGreaterThanOrEqual(offset);
  }, 300_000);
});
