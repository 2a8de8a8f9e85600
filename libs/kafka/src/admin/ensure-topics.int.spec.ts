import { TopicSpec } from '@app/contracts';
import { loadInfra, testKafka, uniqueName } from '@app/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { ensureTopics } from './ensure-topics';

const kafka = testKafka(loadInfra().kafkaBrokers);

describe('ensureTopics (real Kafka)', () => {
  const name = uniqueName('test.bootstrap') as TopicSpec['name'];
  const spec: TopicSpec = { name, partitions: 2, config: { 'retention.ms': '-1', 'cleanup.policy': 'delete' }, description: 'test' };
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [name] });
    await admin.disconnect();
  });

  const retention = async () => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] }] });
    return described.resources[0].configEntries[0].configValue;
  };

  it('creates a missing topic with its declared partitions and keep-forever retention, then leaves it alone', async () => {
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: name, action: 'created' }]);
    const [meta] = (await admin.fetchTopicMetadata({ topics: [name] })).topics;
    expect(meta.partitions).toHaveLength(2);
    expect(await retention()).toBe('-1');
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: name, action: 'unchanged' }]);
  });

  it('puts drifted configs back and adds missing partitions', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    expect(await ensureTopics(kafka, [spec])).toEqual([{ topic: name, action: 'configs-updated' }]);
    expect(await retention()).toBe('-1');
    expect(await ensureTopics(kafka, [{ ...spec, partitions: 3 }])).toEqual([{ topic: name, action: 'partitions-added' }]);
  });
});
