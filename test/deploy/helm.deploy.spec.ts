import { appRoutes, chartValues, configProblems, containerRequiredKeys, DeployedApp, deployedApps, localDaprResources, Manifest, renderChart, processEnvIn, undeclaredKeys } from './deploy-support';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  ports: { containerPort: number }[];
  env: EnvVar[];
  envFrom: { configMapRef: { name: string } }[];
  securityContext: Record<string, unknown>;
  startupProbe?: unknown;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  resources?: { requests?: Record<string, string> };
}
interface PodSpec {
  securityContext: Record<string, unknown>;
  containers: Container[];
}
interface DeploymentSpec {
  template: { metadata: { annotations: Record<string, string> }; spec: PodSpec };
}

/** What a Secret would hold, for checking that the app accepts the environment it gets. */
const SECRET_SAMPLES: Record<string, string> = {
  'bootstrap-servers': 'pkc-1.europe-west1.gcp.confluent.cloud:9092',
  'sasl-username': 'api-key',
  'sasl-password': 'api-secret',
  uri: 'mongodb+srv://user:password@cluster0.example.mongodb.net/?retryWrites=true',
  'api-keys': `${'0123456789abcdef'.repeat(4)},${'fedcba9876543210'.repeat(4)}`,
  token: 'a5'.repeat(32),
};

const find = (manifests: Manifest[], kind: string, name: string): Manifest | undefined =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name);

/** A Deployment's container with the environment it gets: its ConfigMap's data, values, and Secret samples. */
function appContainer(manifests: Manifest[], name: string): { container: Container; env: Record<string, string>; spec: DeploymentSpec } {
  const deployment = find(manifests, 'Deployment', name);
  if (!deployment) throw new Error(`no Deployment ${name}`);
  const spec = deployment.spec as unknown as DeploymentSpec;
  const container = spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const ref of container.envFrom) Object.assign(env, find(manifests, 'ConfigMap', ref.configMapRef.name)?.data);
  for (const v of container.env) env[v.name] = v.value ?? SECRET_SAMPLES[v.valueFrom?.secretKeyRef?.key ?? ''] ?? '';
  return { container, env, spec };
}

describe.each([
  ['default values', [] as string[]],
  ['GKE values', ['helm/cqrs-backbone/values-gke.yaml']],
])('Helm chart rendered with %s', (_label, valuesFiles) => {
  let manifests: Manifest[];
  let apps: DeployedApp[];
  beforeAll(async () => {
    manifests = renderChart(...valuesFiles);
    apps = await deployedApps();
  });

  it("gives every app a Deployment and Service on its own port, with an environment its config class accepts", () => {
    for (const app of apps) {
      const { container, env } = appContainer(manifests, app.name);
      expect(container.ports.map((p) => p.containerPort)).toEqual([app.port]);
      expect(find(manifests, 'Service', app.name)).toBeDefined();
      expect({ app: app.name, missing: containerRequiredKeys(app).filter((k) => !(k in env)) }).toEqual({ app: app.name, missing: [] });
      expect({ app: app.name, undeclared: undeclaredKeys(app, env) }).toEqual({ app: app.name, undeclared: [] });
      expect({ app: app.name, problems: configProblems(app, env) }).toEqual({ app: app.name, problems: [] });
    }
  });

  it('starts each app with its process environment (the stream processor: its memory profile), as the other launchers do', () => {
    for (const app of apps) {
      const { env } = appContainer(manifests, app.name);
      expect({ app: app.name, env: processEnvIn(app, env) }).toEqual({ app: app.name, env: app.processEnv });
    }
  });

  it('takes the Kafka servers, SASL credentials and MongoDB URI from Secrets, never inline, and renders no Secret', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const app of apps) {
      const { container } = appContainer(manifests, app.name);
      for (const v of container.env.filter((e) => ['KAFKA_BROKERS', 'MONGO_URL', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'API_KEYS', 'DAPR_APP_API_TOKEN'].includes(e.name))) {
        expect({ name: v.name, inline: v.value }).toEqual({ name: v.name, inline: undefined });
        expect(v.valueFrom?.secretKeyRef).toBeDefined();
      }
    }
  });

  it('runs every pod non-root with a read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp, probes and requests', () => {
    for (const m of manifests.filter((x) => x.kind === 'Deployment')) {
      const { spec } = appContainer(manifests, m.metadata.name);
      expect(spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of spec.template.spec.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect([c.startupProbe, c.livenessProbe, c.readinessProbe].every(Boolean)).toBe(true);
        expect(c.resources?.requests).toBeDefined();
      }
    }
  });

  it('annotates the apps with sidecars for Dapr, and scales only the stateless apps', () => {
    for (const [name, app] of Object.entries(chartValues().apps)) {
      const annotations = (find(manifests, 'Deployment', name)?.spec as unknown as DeploymentSpec).template.metadata.annotations;
      if (app.dapr.enabled) expect(annotations).toMatchObject({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': app.dapr.appId, 'dapr.io/app-port': String(app.port) });
      else expect(annotations['dapr.io/enabled']).toBeUndefined();
      expect({ name, hpa: Boolean(find(manifests, 'HorizontalPodAutoscaler', name)), pdb: Boolean(find(manifests, 'PodDisruptionBudget', name)) }).toEqual({
        name,
        hpa: app.stateless,
        pdb: app.stateless,
      });
    }
  });

  it('rolls the stream processor out with Recreate: its views keep keyed state in memory, so two instances never overlap', () => {
    const spec = find(manifests, 'Deployment', 'stream-processor')?.spec as unknown as { replicas: number; strategy?: { type: string } };
    expect(spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it("gives the apps with routes daprd calls the app API token: daprd through Dapr's annotation, the app as DAPR_APP_API_TOKEN, from the same Secret key", () => {
    const secret = 'cqrs-backbone-dapr-app-token';
    for (const app of apps) {
      const { container, spec } = appContainer(manifests, app.name);
      const needsToken = app.declared.has('DAPR_APP_API_TOKEN');
      const annotation = spec.template.metadata.annotations['dapr.io/app-token-secret'];
      const env = container.env.find((e) => e.name === 'DAPR_APP_API_TOKEN');
      expect({ app: app.name, annotation, env }).toEqual({
        app: app.name,
        annotation: needsToken ? secret : undefined,
        // `token`: the key Dapr's sidecar injector reads for APP_API_TOKEN.
        env: needsToken ? { name: 'DAPR_APP_API_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } } : undefined,
      });
    }
    expect(apps.filter((a) => a.declared.has('DAPR_APP_API_TOKEN')).map((a) => a.name).sort()).toEqual(['audit', 'loyalty']);
  });

  it('bootstraps the topics in a pre-install/pre-upgrade hook Job, and has Dapr components, resiliency and a NetworkPolicy', () => {
    const job = find(manifests, 'Job', 'topics');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(JSON.stringify(job?.spec)).toContain('"command":["node","dist/tools/topics/main.js"]');
    expect(manifests.filter((m) => m.kind === 'Component').map((m) => (m.spec as { type: string }).type)).toEqual(
      expect.arrayContaining(['pubsub.kafka', 'state.redis', 'lock.redis']),
    );
    // The loyalty runs: a CronJob by default (the cron binding in binding mode: helm-operations.deploy.spec.ts).
    expect(manifests.filter((m) => m.kind === 'CronJob')).toHaveLength(1);
    expect(manifests.filter((m) => m.kind === 'Resiliency')).toHaveLength(1);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toHaveLength(1);
  });

  it('names its Dapr components and subscriptions as the local ones the apps are tested with (dapr/components), the cron binding replaced by a CronJob', () => {
    // The cron binding fires in every loyalty sidecar: by default a CronJob triggers the runs instead
    // (helm-operations.deploy.spec.ts renders the binding mode and finds every local name).
    const local = localDaprResources().filter((name) => name !== 'Component/loyalty-cron');
    const rendered = manifests.filter((m) => m.kind === 'Component' || m.kind === 'Subscription').map((m) => `${m.kind}/${m.metadata.name}`);
    expect(rendered.sort()).toEqual(local.sort());
    expect(manifests.filter((m) => m.kind === 'CronJob').map((m) => m.metadata.name)).toEqual(['loyalty-cron']);
  });
});

describe('Helm chart with the GKE values', () => {
  it('uses SASL_SSL for Confluent Cloud, TLS for Atlas, a GCS bucket for the audit archive, and a GCE Ingress', () => {
    const manifests = renderChart('helm/cqrs-backbone/values-gke.yaml');
    const { env } = appContainer(manifests, 'orders');
    expect(env).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', MONGO_TLS: 'true' });
    const archive = manifests.find((m) => m.kind === 'Component' && (m.spec as { type: string }).type === 'bindings.gcp.bucket');
    expect(archive).toMatchObject({ metadata: { name: 'audit-store' }, scopes: ['audit', 'loyalty'] });
    const pubsub = manifests.find((m) => m.kind === 'Component' && (m.spec as { type: string }).type === 'pubsub.kafka');
    expect((pubsub?.spec as { metadata: { name: string; value?: string }[] }).metadata).toEqual(
      expect.arrayContaining([
        { name: 'authType', value: 'password' },
        { name: 'saslMechanism', value: 'PLAINTEXT' },
        { name: 'disableTls', value: 'false' },
      ]),
    );
    expect(find(manifests, 'Ingress', 'cqrs-backbone')?.spec).toMatchObject({ ingressClassName: 'gce' });
    expect(manifests.filter((m) => m.metadata.name.startsWith('replay-'))).toEqual([]);
  });

  it('gives every app its API keys from the Secret (writes need X-API-Key behind the public Ingress); the default values leave them out', async () => {
    const apps = await deployedApps();
    const gke = renderChart('helm/cqrs-backbone/values-gke.yaml');
    const defaults = renderChart();
    for (const app of apps) {
      const apiKeys = appContainer(gke, app.name).container.env.find((e) => e.name === 'API_KEYS');
      expect({ app: app.name, apiKeys }).toEqual({ app: app.name, apiKeys: { name: 'API_KEYS', valueFrom: { secretKeyRef: { name: 'cqrs-backbone-api-keys', key: 'api-keys' } } } });
      expect({ app: app.name, keys: configProblems(app, appContainer(gke, app.name).env) }).toEqual({ app: app.name, keys: [] });
      expect({ app: app.name, apiKeys: 'API_KEYS' in appContainer(defaults, app.name).env }).toEqual({ app: app.name, apiKeys: false });
    }
  });

  it('routes through the Ingress every public route of each app and none of the routes daprd calls, nor /metrics', async () => {
    type Rule = { host: string; http: { paths: { path: string; pathType: string }[] } };
    const rules = (find(renderChart('helm/cqrs-backbone/values-gke.yaml'), 'Ingress', 'cqrs-backbone')?.spec as { rules: Rule[] }).rules;
    // pathType Prefix matches whole path elements: /loyalty matches /loyalty/x, not /loyalty-cron.
    const matches = (prefix: string, path: string): boolean => path === prefix || path.startsWith(`${prefix.replace(/\/$/, '')}/`);
    let daprRoutes = 0;
    for (const app of await deployedApps()) {
      const rule = rules.find((r) => r.host === `${app.name}.cqrs.example.com`);
      const prefixes = rule?.http.paths.map((p) => p.path) ?? [];
      expect({ app: app.name, pathTypes: [...new Set(rule?.http.paths.map((p) => p.pathType))] }).toEqual({ app: app.name, pathTypes: ['Prefix'] });
      for (const route of [...(await appRoutes(app)), { method: 'GET', path: '/docs', daprOnly: false }, { method: 'GET', path: '/docs-json', daprOnly: false }]) {
        const exposed = prefixes.some((p) => matches(p, route.path));
        const internal = route.daprOnly || route.path === '/metrics';
        if (route.daprOnly) daprRoutes++;
        expect({ app: app.name, ...route, exposed }).toEqual({ app: app.name, ...route, exposed: !internal });
      }
    }
    // audit: GET /dapr/config, /dapr/subscribe, POST /dapr/order-events; loyalty: those two, POST /dapr/customer-changes, OPTIONS and POST /loyalty-cron.
    expect(daprRoutes).toBe(8);
  });

  it('runs a replay Job with the replay CLI and the Secrets when a target is set', () => {
    const manifests = renderChart('helm/cqrs-backbone/values-gke.yaml', 'helm/cqrs-backbone/ci/replay-values.yaml');
    const job = manifests.find((m) => m.kind === 'Job' && m.metadata.name.startsWith('replay-orders-'));
    const container = (job?.spec as unknown as DeploymentSpec).template.spec.containers[0] as Container & { command: string[] };
    expect(container.command).toEqual(['node', 'dist/tools/replay/main.js', 'orders']);
    expect(container.env.find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef).toBeDefined();
    expect(container.env.find((e) => e.name === 'MONGO_URL')?.valueFrom?.secretKeyRef).toBeDefined();
  });
});
