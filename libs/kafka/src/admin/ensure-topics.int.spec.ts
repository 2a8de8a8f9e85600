import { TopicSpec } from '@app/contracts';
import { createTestTopics, deleteTestTopics, loadInfra, testKafka, uniqueName } from '@app/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { ensureTopics } from './ensure-topics';
import { TopicBootstrapRefused } from './topic-plan';

const kafka = testKafka(loadInfra().kafkaBrokers);
// Topics made outside the bootstrap carry a retention other than the catalogue's (the local broker's default is forever).
const drifted = [{ name: 'retention.ms', value: '1000' }];
const specOf = (name: string, partitions: number): TopicSpec => ({
  name: name as TopicSpec['name'],
  partitions,
  config: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
  description: 'test',
});

describe('ensureTopics (real Kafka, single broker: replication factor 1)', () => {
  const admin = kafka.admin();
  const made: string[] = [];
  const fresh = (prefix: string) => {
    const name = uniqueName(`test.${prefix}`);
    made.push(name);
    return name;
  };

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await deleteTestTopics(kafka, made);
    await admin.disconnect();
  });

  const configsOf = async (name: string, configNames: string[]) => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames }] });
    return Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
  };
  const partitionsOf = async (name: string) => (await admin.fetchTopicMetadata({ topics: [name] })).topics[0].partitions.length;
  const exists = async (name: string) => (await admin.listTopics()).includes(name);

  it('creates a missing topic with its declared partitions, keep-forever retention and min.insync.replicas=1 (one replica), then leaves it alone', async () => {
    const spec = specOf(fresh('bootstrap'), 2);
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: spec.name, action: 'created' }]);
    expect(await partitionsOf(spec.name)).toBe(2);
    expect(await configsOf(spec.name, ['retention.ms', 'min.insync.replicas'])).toEqual({ 'retention.ms': '-1', 'min.insync.replicas': '1' });
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: spec.name, action: 'unchanged' }]);
  });

  it('puts drifted configs back, min.insync.replicas included', async () => {
    const spec = specOf(fresh('drift'), 1);
    await ensureTopics(kafka, [spec]);
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name, configEntries: [{ name: 'retention.ms', value: '1000' }, { name: 'min.insync.replicas', value: '2' }] }] });
    expect(await configsOf(spec.name, ['retention.ms', 'min.insync.replicas'])).toEqual({ 'retention.ms': '1000', 'min.insync.replicas': '2' });
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: spec.name, action: 'configs-updated' }]);
    expect(await configsOf(spec.name, ['retention.ms', 'min.insync.replicas'])).toEqual({ 'retention.ms': '-1', 'min.insync.replicas': '1' });
  });

  it('refuses an existing topic whose partition count differs from the catalogue, naming it and both counts, and changes nothing', async () => {
    const [keyed] = await createTestTopics(kafka, ['keyed'], 3, drifted);
    made.push(keyed);
    const missing = specOf(fresh('not-created'), 1);
    for (const wanted of [6, 2]) {
      const attempt = ensureTopics(kafka, [missing, specOf(keyed, wanted)]);
      await expect(attempt).rejects.toBeInstanceOf(TopicBootstrapRefused);
      await expect(attempt).rejects.toThrow(`${keyed} has 3 partition(s), the catalogue declares ${wanted}`);
    }
    expect(await partitionsOf(keyed)).toBe(3);
    // Refused before any change: the topic missing in the same run was not created, the existing one's configs untouched.
    expect(await exists(missing.name)).toBe(false);
    expect(await configsOf(keyed, ['retention.ms'])).toEqual({ 'retention.ms': '1000' });
  });

  it('with acceptExistingPartitions, keeps the existing partition count (reported) and still restores the configs', async () => {
    const [keyed] = await createTestTopics(kafka, ['accepted'], 3, drifted);
    made.push(keyed);
    expect(await ensureTopics(kafka, [specOf(keyed, 6)], { acceptExistingPartitions: true })).toEqual([
      { topic: keyed, action: 'configs-updated', keptPartitions: { existing: 3, declared: 6 } },
    ]);
    expect(await partitionsOf(keyed)).toBe(3);
    expect(await configsOf(keyed, ['retention.ms', 'min.insync.replicas'])).toEqual({ 'retention.ms': '-1', 'min.insync.replicas': '1' });
  });

  it('refuses a min.insync.replicas above the replication factor before asking the broker anything', async () => {
    const spec = specOf(fresh('isr'), 1);
    await expect(ensureTopics(kafka, [spec], { replicationFactor: 1, minInsyncReplicas: 2 })).rejects.toThrow('min.insync.replicas must be a whole number from 1 to the replication factor (1), not 2');
    expect(await exists(spec.name)).toBe(false);
  });

  it('keeps min.insync.replicas within an existing topic\'s replicas when new topics would get more: one replica here, so 1, not the 2 of replication factor 3', async () => {
    const [existing] = await createTestTopics(kafka, ['rf1'], 1, drifted);
    made.push(existing);
    expect(await ensureTopics(kafka, [specOf(existing, 1)], { replicationFactor: 3 })).toEqual([{ topic: existing, action: 'configs-updated' }]);
    expect(await configsOf(existing, ['min.insync.replicas'])).toEqual({ 'min.insync.replicas': '1' });
  });
});
