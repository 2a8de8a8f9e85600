import { DEAD_LETTER_TOPICS } from './topic-names';
import { TOPIC_CATALOG } from './topic-catalog';
import { defaultMinInsyncReplicas, topicConfigs, topicDurability } from './topic-settings';

describe('topic settings respect replication', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 2],
  ])('given replication factor %i, min.insync.replicas is %i', (replicationFactor, expected) => {
    expect(defaultMinInsyncReplicas(replicationFactor)).toBe(expected);
    expect(topicDurability(replicationFactor)).toEqual({ replicationFactor, minInsyncReplicas: expected });
  });

  it('takes an override from 1 to the replication factor', () => {
    expect(topicDurability(3, 1)).toEqual({ replicationFactor: 3, minInsyncReplicas: 1 });
    expect(topicDurability(3, 3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 3 });
  });

  it.each([
    [3, 0],
    [3, 4],
    [1, 2],
    [3, 1.5],
  ])('refuses, for replication factor %i, the override %d', (replicationFactor, override) => {
    expect(() => topicDurability(replicationFactor, override)).toThrow(`min.insync.replicas must be a whole number from 1 to the replication factor (${replicationFactor}), not ${override}`);
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses the replication factor %d', (replicationFactor) => {
    expect(() => topicDurability(replicationFactor)).toThrow('the replication factor must be a whole number of at least 1');
  });

  it("gives every catalogue topic, dead-letter topics included, the durability's min.insync.replicas and keeps its own configs", () => {
    const durability = topicDurability(3);
    for (const spec of TOPIC_CATALOG) {
      expect({ topic: spec.name, configs: topicConfigs(spec, durability) }).toEqual({ topic: spec.name, configs: { ...spec.config, 'min.insync.replicas': '2' } });
    }
    expect(TOPIC_CATALOG.map((s) => s.name)).toEqual(expect.arrayContaining([...DEAD_LETTER_TOPICS]));
  });

  it('the catalogue itself sets no min.insync.replicas (it depends on the cluster)', () => {
    expect(TOPIC_CATALOG.filter((s) => 'min.insync.replicas' in s.config).map((s) => s.name)).toEqual([]);
  });
});
