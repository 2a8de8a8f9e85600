import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deployedApps, localDaprResources, Manifest, renderChart, renderChartWith, ROOT } from './deploy-support';

/** How the chart runs in production: rollouts, probes, Dapr policies, the cron, shared storage, GKE's load balancer. */
interface Probe {
  httpGet: { path: string };
  timeoutSeconds?: number;
}
interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
  terminationGracePeriodSeconds?: number;
  affinity?: object;
  topologySpreadConstraints?: { labelSelector?: { matchLabels: Record<string, string> } }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}
type Deployment = Manifest & { spec: { replicas?: number; template: PodTemplate } };

const GKE = 'helm/cqrs-backbone/values-gke.yaml';
const of = (manifests: Manifest[], kind: string): Manifest[] => manifests.filter((m) => m.kind === kind);
const deployments = (manifests: Manifest[]): Deployment[] => of(manifests, 'Deployment') as Deployment[];
const deployment = (manifests: Manifest[], name: string): Deployment => {
  const found = deployments(manifests).find((d) => d.metadata.name === name);
  if (!found) throw new Error(`no Deployment ${name}`);
  return found;
};
const podTemplates = (manifests: Manifest[]): Record<string, PodTemplate> => Object.fromEntries(deployments(manifests).map((d) => [d.metadata.name, d.spec.template]));
const daprAppId = (d: Deployment): string | undefined => d.spec.template.metadata.annotations?.['dapr.io/app-id'];

/** The pod templates whose JSON differs between two renders. */
const changedPods = (before: Manifest[], after: Manifest[]): string[] => {
  const a = podTemplates(before);
  const b = podTemplates(after);
  return Object.keys(a).filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])).sort();
};

describe('Helm chart: rollouts follow configuration', () => {
  const base = renderChart();

  it('rolls every app when a value in all their ConfigMaps changes (logLevel), and only the app whose ConfigMap changed otherwise', () => {
    const all = deployments(base).map((d) => d.metadata.name).sort();
    expect(changedPods(base, renderChartWith({ logLevel: 'debug' }))).toEqual(all);
    expect(changedPods(base, renderChartWith({ apps: { orders: { env: { KAFKA_GROUP_ID: 'orders-2' } } } }))).toEqual(['orders']);
  });

  it('rolls the apps whose sidecars load the Dapr components when one changes, not orders (a sidecar for service invocation only)', () => {
    const scoped = of(base, 'Component').flatMap((m) => (m as Manifest & { scopes: string[] }).scopes);
    const loading = deployments(base).filter((d) => scoped.includes(daprAppId(d) ?? '')).map((d) => d.metadata.name).sort();
    expect(loading).toEqual(['audit', 'loyalty']);
    expect(changedPods(base, renderChartWith({ dapr: { redis: { host: 'redis-2:6379' } } }))).toEqual(loading);
  });
});

describe('Helm chart: values.schema.json', () => {
  it.each([
    ['an unknown cron trigger', { dapr: { components: { cron: { trigger: 'sometimes' } } } }],
    ["Dapr's @every schedule, which a CronJob cannot read", { dapr: { components: { cron: { schedule: '@every 1h' } } } }],
    ['a digest that is not sha256', { image: { digests: { orders: 'latest' } } }],
    ['a probe without a timeout', { probes: { readiness: { timeoutSeconds: 0 } } }],
    ['an archive on a hostPath', { dapr: { components: { archive: { localstorage: { storage: 'hostPath' } } } } }],
    ['extra environment without a name', { extraEnv: [{ value: 'x' }] }],
    ['a Secret-backed variable set inline', { apps: { orders: { extraEnv: [{ name: 'MONGO_URL', value: 'mongodb://x' }] } } }],
    ['an unknown scraper option', { metrics: { podMonitoring: { enabled: true, port: 9090 } } }],
    ['a fullnameOverride that is not a DNS label', { fullnameOverride: 'Shop_1' }],
  ])('refuses %s', (_label, values) => {
    expect(() => renderChartWith(values)).toThrow(/values don't meet the specifications of the schema/);
  });
});

describe('Helm chart: probes and termination', () => {
  it.each([
    ['default values', renderChart()],
    ['GKE values', renderChart(GKE)],
  ])('gives every probe a timeout (readiness above the 3 s each /health check may take), and a preStop pause inside the grace period (%s)', (_label, manifests) => {
    for (const d of deployments(manifests)) {
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      const timeouts = { startup: c.startupProbe.timeoutSeconds, liveness: c.livenessProbe.timeoutSeconds, readiness: c.readinessProbe.timeoutSeconds };
      expect({ app: d.metadata.name, allSet: Object.values(timeouts).every((t) => typeof t === 'number' && t >= 1) }).toEqual({ app: d.metadata.name, allSet: true });
      // libs/platform/src/health/health.controller.ts cuts each readiness check at 3 s.
      expect({ app: d.metadata.name, readinessAbove3s: (timeouts.readiness ?? 0) > 3 }).toEqual({ app: d.metadata.name, readinessAbove3s: true });
      expect(c.livenessProbe.httpGet.path).toBe('/health/live');
      const pause = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(pause).toBeGreaterThan(0);
      // The app's own shutdown takes up to 15 s (SHUTDOWN_TIMEOUT_MS) after the pause.
      expect((pod.terminationGracePeriodSeconds ?? 30) - pause).toBeGreaterThanOrEqual(15);
    }
  });
});

describe('Helm chart: Dapr resiliency', () => {
  const local = parse(readFileSync(join(ROOT, 'dapr', 'resiliency.yaml'), 'utf8')) as { spec: { policies: { retries: Record<string, Record<string, unknown>> }; targets: { components: Record<string, { inbound?: { retry?: string } }> } } };

  it('ships an exact copy of dapr/resiliency.yaml, the policy the apps are tested with', () => {
    expect(readFileSync(join(ROOT, 'helm/cqrs-backbone/files/dapr-resiliency.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'dapr', 'resiliency.yaml'), 'utf8'));
  });

  it.each([
    ['default values', renderChart()],
    ['GKE values', renderChart(GKE)],
  ])("renders dapr/resiliency.yaml's policies and targets as they are (%s)", (_label, manifests) => {
    const [resiliency] = of(manifests, 'Resiliency');
    const expected = local.spec;
    expect(resiliency?.spec).toEqual(expected);
    // Every target is a component the chart deploys.
    const components = of(manifests, 'Component').map((m) => m.metadata.name);
    expect(Object.keys(expected.targets.components).filter((name) => !components.includes(name))).toEqual([]);
  });

  it('bounds the inbound (delivery) retries, so a message that keeps failing reaches the dead-letter topic', () => {
    const inbound = Object.values(local.spec.targets.components).flatMap((t) => (t.inbound?.retry ? [t.inbound.retry] : []));
    expect(inbound.length).toBeGreaterThan(0);
    for (const name of inbound) expect({ name, maxRetries: local.spec.policies.retries[name].maxRetries }).toEqual({ name, maxRetries: expect.any(Number) });
    for (const name of inbound) expect(local.spec.policies.retries[name].maxRetries as number).toBeGreaterThanOrEqual(0);
  });
});

/** How many loyalty runs one tick of the schedule starts in the whole install, at most. */
function cronTicks(manifests: Manifest[]): number {
  const cronJobs = of(manifests, 'CronJob').length;
  const binding = of(manifests, 'Component').find((m) => (m.spec as { type: string }).type === 'bindings.cron') as (Manifest & { scopes: string[] }) | undefined;
  if (!binding) return cronJobs;
  const hpas = of(manifests, 'HorizontalPodAutoscaler') as (Manifest & { spec: { scaleTargetRef: { name: string }; maxReplicas: number } })[];
  const sidecars = deployments(manifests)
    .filter((d) => binding.scopes.includes(daprAppId(d) ?? ''))
    .map((d) => hpas.find((h) => h.spec.scaleTargetRef.name === d.metadata.name)?.spec.maxReplicas ?? d.spec.replicas ?? 1);
  return cronJobs + sidecars.reduce((a, b) => a + b, 0);
}

describe('Helm chart: one loyalty run per schedule for the whole install', () => {
  const scalings: [string, object][] = [
    ['default scaling', {}],
    ['autoscaling 4 to 8', { apps: { loyalty: { autoscaling: { minReplicas: 4, maxReplicas: 8, targetCPUUtilizationPercentage: 70 } } } }],
    ['3 fixed replicas', { apps: { loyalty: { stateless: false, replicas: 3 } } }],
  ];
  it.each(scalings.flatMap(([label, scaling]) => (['cronjob', 'binding'] as const).map((trigger) => [trigger, label, scaling] as const)))(
    'trigger %s, %s: one tick',
    (trigger, _label, scaling) => {
      const manifests = renderChartWith({ ...scaling, dapr: { components: { cron: { trigger } } } });
      expect(cronTicks(manifests)).toBe(1);
    },
  );

  it('by default a CronJob asks loyalty for a run through its Service (POST /loyalty/runs, one Job at a time), with the API key when keys are set', () => {
    const [cronJob] = of(renderChart(GKE), 'CronJob') as (Manifest & { spec: { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: PodTemplate } } } })[];
    expect(cronJob?.spec).toMatchObject({ schedule: '0 * * * *', concurrencyPolicy: 'Forbid' });
    const env = cronJob.spec.jobTemplate.spec.template.spec.containers[0].env ?? [];
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'RUN_URL', value: 'http://loyalty:80/loyalty/runs' },
        { name: 'API_KEYS', valueFrom: { secretKeyRef: { name: 'cqrs-backbone-api-keys', key: 'api-keys' } } },
      ]),
    );
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('cqrs-backbone');
  });

  it('with the Dapr binding, names its components and subscriptions exactly as the local ones (dapr/components)', () => {
    const rendered = renderChartWith({ dapr: { components: { cron: { trigger: 'binding' } } } });
    const names = rendered.filter((m) => m.kind === 'Component' || m.kind === 'Subscription').map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names.sort()).toEqual(localDaprResources().sort());
    expect(of(rendered, 'CronJob')).toEqual([]);
    expect(deployment(rendered, 'loyalty').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });
});

describe('Helm chart: the audit archive is one store for audit and loyalty', () => {
  const archiveClaims = (manifests: Manifest[], app: string): (string | undefined)[] =>
    (deployment(manifests, app).spec.template.spec.volumes ?? []).filter((v) => v.name === 'archive').map((v) => v.persistentVolumeClaim?.claimName);

  it('by default mounts one ReadWriteMany claim into every audit and loyalty pod, kept on uninstall', () => {
    const manifests = renderChart();
    const [claim] = of(manifests, 'PersistentVolumeClaim') as (Manifest & { spec: { accessModes: string[] } })[];
    expect(claim).toMatchObject({ metadata: { name: 'audit-archive', annotations: { 'helm.sh/resource-policy': 'keep' } }, spec: { accessModes: ['ReadWriteMany'] } });
    expect({ audit: archiveClaims(manifests, 'audit'), loyalty: archiveClaims(manifests, 'loyalty') }).toEqual({ audit: ['audit-archive'], loyalty: ['audit-archive'] });
    expect(deployment(manifests, 'audit').spec.template.metadata.annotations?.['dapr.io/volume-mounts-rw']).toBe('archive:/tmp/archive');
  });

  it('on GKE uses the GCS bucket binding and no volume; an emptyDir only when asked for', () => {
    const gke = renderChart(GKE);
    expect(of(gke, 'PersistentVolumeClaim')).toEqual([]);
    expect(archiveClaims(gke, 'audit')).toEqual([]);
    const scratch = renderChartWith({ dapr: { components: { archive: { localstorage: { storage: 'emptyDir' } } } } });
    expect(of(scratch, 'PersistentVolumeClaim')).toEqual([]);
    expect(deployment(scratch, 'audit').spec.template.spec.volumes?.find((v) => v.name === 'archive')?.emptyDir).toBeDefined();
  });
});

describe('Helm chart on GKE: load balancer and monitoring', () => {
  const gke = renderChart(GKE);

  it("keeps the dashboard's event stream open past the load balancer's default 30 s (BackendConfig of the stream processor's Service)", () => {
    const service = gke.find((m) => m.kind === 'Service' && m.metadata.name === 'stream-processor');
    expect(JSON.parse(service?.metadata.annotations?.['cloud.google.com/backend-config'] ?? '{}')).toEqual({ default: 'stream-processor' });
    const backend = gke.find((m) => m.kind === 'BackendConfig' && m.metadata.name === 'stream-processor') as Manifest & { spec: { timeoutSec: number } };
    expect(backend.spec.timeoutSec).toBeGreaterThanOrEqual(3600);
    expect(of(renderChart(), 'BackendConfig')).toEqual([]);
  });

  it('has Managed Prometheus scrape /metrics of every app (PodMonitoring), and a ServiceMonitor only when asked for', () => {
    const [monitoring] = of(gke, 'PodMonitoring') as (Manifest & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: object[] } })[];
    expect(monitoring.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    for (const d of deployments(gke)) expect(d.spec.template.metadata.labels).toMatchObject(monitoring.spec.selector.matchLabels);
    expect(of(gke, 'ServiceMonitor')).toEqual([]);
    expect(of(renderChartWith({ metrics: { serviceMonitor: { enabled: true } } }), 'ServiceMonitor')).toHaveLength(1);
  });
});

describe('Helm chart options', () => {
  it('names resources after fullnameOverride, pins an image by digest, and adds affinity, spread constraints and extra environment', () => {
    const manifests = renderChart('helm/cqrs-backbone/ci/options-values.yaml');
    expect(deployments(manifests).map((d) => d.metadata.name).sort()).toEqual(['shop-accounts', 'shop-audit', 'shop-catalog', 'shop-loyalty', 'shop-orders', 'shop-stream-processor']);
    const orders = deployment(manifests, 'shop-orders').spec.template;
    expect(orders.spec.containers[0].image).toBe('ghcr.io/example/cqrs-backbone-orders@sha256:0000000000000000000000000000000000000000000000000000000000000001');
    expect(deployment(manifests, 'shop-accounts').spec.template.spec.containers[0].image).toBe('ghcr.io/example/cqrs-backbone-accounts:0.1.0');
    expect(orders.spec.affinity).toHaveProperty('nodeAffinity');
    for (const c of orders.spec.topologySpreadConstraints ?? []) expect(c.labelSelector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'cqrs-backbone' });
    expect(orders.spec.containers[0].env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-old-space-size=300' });
    expect(deployment(manifests, 'shop-catalog').spec.template.spec.containers[0].env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  it('names resources <release>-<app> for another release name, and nameOverride is the name that counts as "named after the chart"', () => {
    expect(deployments(renderChartWith({ nameOverride: 'shop' })).map((d) => d.metadata.name)).toContain('cqrs-backbone-orders');
  });

  it('has `helm test` ask every app for GET /health through its Service', async () => {
    const pod = renderChart().find((m) => m.kind === 'Pod') as Manifest & { spec: PodSpec };
    expect(pod.metadata.annotations?.['helm.sh/hook']).toBe('test');
    const urls = pod.spec.containers[0].env?.find((e) => e.name === 'HEALTH_URLS')?.value?.split(' ') ?? [];
    expect(urls.sort()).toEqual((await deployedApps()).map((a) => `http://${a.name}:80/health`).sort());
  });
});
