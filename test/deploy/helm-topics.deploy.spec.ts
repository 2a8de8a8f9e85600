import { topicDurability } from '@app/contracts';
import { validateConfig } from '@app/platform/config/validate-config';
import { TopicsConfig } from '../../tools/topics/topics.config';
import { Manifest, renderChart, renderChartWith } from './deploy-support';

/** The topic bootstrap hook: what it passes to tools/topics, and that the tool accepts it. */
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { key: string } };
}
type Job = Manifest & { spec: { template: { spec: { containers: { command: string[]; env: EnvVar[] }[] } } } };

const GKE = 'helm/cqrs-backbone/values-gke.yaml';
/** What the Kafka and MongoDB Secrets would hold. */
const SECRET_SAMPLES: Record<string, string> = {
  'bootstrap-servers': 'pkc-1.europe-west1.gcp.confluent.cloud:9092',
  'sasl-username': 'api-key',
  'sasl-password': 'api-secret',
  uri: 'mongodb+srv://user:password@cluster0.example.mongodb.net/?retryWrites=true',
};

const hookEnv = (manifests: Manifest[]): Record<string, string> => {
  const job = manifests.find((m) => m.kind === 'Job' && m.metadata.annotations?.['helm.sh/hook']?.includes('pre-install')) as Job | undefined;
  if (!job) throw new Error('no topic bootstrap hook Job');
  const [container] = job.spec.template.spec.containers;
  expect(container.command).toEqual(['node', 'dist/tools/topics/main.js']);
  return Object.fromEntries(container.env.map((e) => [e.name, e.value ?? SECRET_SAMPLES[e.valueFrom?.secretKeyRef?.key ?? ''] ?? '']));
};

describe('Helm chart: topic bootstrap hook', () => {
  it.each([
    ['default values', renderChart(), 1, 1],
    ['GKE values', renderChart(GKE), 3, 2],
  ])('passes the replication factor, which the tool accepts and derives min.insync.replicas from (%s)', (_label, manifests, replicationFactor, minInsyncReplicas) => {
    const env = hookEnv(manifests);
    expect(env).toMatchObject({ KAFKA_REPLICATION_FACTOR: String(replicationFactor), TOPICS_ACCEPT_EXISTING_PARTITIONS: 'false' });
    expect(env).not.toHaveProperty('KAFKA_MIN_INSYNC_REPLICAS');
    const config = validateConfig(TopicsConfig, env);
    expect(config).toMatchObject({ KAFKA_REPLICATION_FACTOR: replicationFactor, TOPICS_ACCEPT_EXISTING_PARTITIONS: false });
    expect(topicDurability(config.KAFKA_REPLICATION_FACTOR, config.KAFKA_MIN_INSYNC_REPLICAS).minInsyncReplicas).toBe(minInsyncReplicas);
  });

  it('keeps existing partition counts only when told to (topicBootstrap.acceptExistingPartitions)', () => {
    const env = hookEnv(renderChartWith({ topicBootstrap: { acceptExistingPartitions: true } }));
    expect(validateConfig(TopicsConfig, env).TOPICS_ACCEPT_EXISTING_PARTITIONS).toBe(true);
  });

  it('refuses an acceptExistingPartitions that is not a boolean', () => {
    expect(() => renderChartWith({ topicBootstrap: { acceptExistingPartitions: 'always' } })).toThrow(/values don't meet the specifications of the schema/);
  });
});
