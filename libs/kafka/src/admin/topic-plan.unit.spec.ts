import { Topic, TOPIC_CATALOG, TopicSpec } from '@app/contracts';
import { planTopic, PlanOptions } from './topic-plan';

const spec = (name: TopicSpec['name']): TopicSpec => {
  const found = TOPIC_CATALOG.find((s) => s.name === name);
  if (!found) throw new Error(`${name} is not in the catalogue`);
  return found;
};
const orders = spec(Topic.OrderEvents); // 6 partitions, keyed by order id
const rf3: PlanOptions = { replicationFactor: 3, acceptExistingPartitions: false };

describe('planTopic', () => {
  it('creates a missing topic with the declared partitions, the replication factor and the min.insync.replicas derived from it', () => {
    expect(planTopic(orders, undefined, rf3)).toEqual({
      topic: orders.name,
      action: 'create',
      partitions: 6,
      replicationFactor: 3,
      configs: { ...orders.config, 'min.insync.replicas': '2' },
    });
  });

  it('reconciles an existing topic with the declared partition count to the configs for its own replication factor', () => {
    expect(planTopic(orders, { partitions: 6, replicationFactor: 3 }, rf3)).toEqual({ topic: orders.name, action: 'reconcile', configs: { ...orders.config, 'min.insync.replicas': '2' } });
    // A topic made with one replica keeps min.insync.replicas=1 even when new topics get three.
    expect(planTopic(orders, { partitions: 6, replicationFactor: 1 }, rf3)).toEqual({ topic: orders.name, action: 'reconcile', configs: { ...orders.config, 'min.insync.replicas': '1' } });
  });

  it.each([
    ['more', 12],
    ['fewer', 3],
  ])('refuses an existing topic with %s partitions than declared, naming the topic and both counts', (_label, existing) => {
    const plan = planTopic(orders, { partitions: existing, replicationFactor: 3 }, rf3);
    expect(plan).toEqual({ topic: orders.name, action: 'refuse', reason: expect.stringContaining(`${orders.name} has ${existing} partition(s), the catalogue declares 6`) });
  });

  it('refuses a partition mismatch on a single-partition topic too (a dead-letter topic)', () => {
    const dlt = spec(Topic.OrdersDeadLetter);
    expect(planTopic(dlt, { partitions: 2, replicationFactor: 3 }, rf3)).toMatchObject({ action: 'refuse', reason: expect.stringContaining('has 2 partition(s), the catalogue declares 1') });
  });

  it('with acceptExistingPartitions, keeps the existing count (reported) and reconciles only the configs', () => {
    expect(planTopic(orders, { partitions: 12, replicationFactor: 3 }, { ...rf3, acceptExistingPartitions: true })).toEqual({
      topic: orders.name,
      action: 'reconcile',
      configs: { ...orders.config, 'min.insync.replicas': '2' },
      keptPartitions: { existing: 12, declared: 6 },
    });
  });

  it('applies a min.insync.replicas override, and refuses one above an existing topic\'s replicas (every acks=all write would fail)', () => {
    expect(planTopic(orders, undefined, { ...rf3, minInsyncReplicas: 3 })).toMatchObject({ action: 'create', configs: { 'min.insync.replicas': '3' } });
    expect(planTopic(orders, { partitions: 6, replicationFactor: 3 }, { ...rf3, minInsyncReplicas: 1 })).toMatchObject({ action: 'reconcile', configs: { 'min.insync.replicas': '1' } });
    expect(planTopic(orders, { partitions: 6, replicationFactor: 1 }, { ...rf3, minInsyncReplicas: 2 })).toEqual({
      topic: orders.name,
      action: 'refuse',
      reason: expect.stringContaining(`${orders.name} has 1 replica(s), fewer than min.insync.replicas=2`),
    });
  });
});
