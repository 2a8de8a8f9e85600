import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartValues, configProblems, containerRequiredKeys, DeployedApp, deployedApps, readYaml, ROOT } from './deploy-support';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const compose = readYaml<{ services: Record<string, ComposeService> }>('docker-compose.yml');
const services = compose.services;
/** `${VAR:-default}` / `${VAR}` as compose resolves them from the given environment (unset: the default or ''). */
const interpolate = (value: string, from: Record<string, string>): string =>
  value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, name: string, fallback?: string) => from[name] || (fallback ?? ''));
const envOf = (service: ComposeService, from: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), from)]));
/** What the shell (or an uncommitted .env) must give compose: `make up` makes a random token when unset. */
const SHELL: Record<string, string> = { DAPR_APP_API_TOKEN: 'f00d'.repeat(16) };

describe('docker-compose.yml', () => {
  let apps: DeployedApp[];
  beforeAll(async () => {
    apps = await deployedApps();
  });

  it('has Kafka (apache/kafka), MongoDB (mongo) and Redis, each with a healthcheck', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(services.mongo.image).toMatch(/^mongo:/);
    expect(services.redis.image).toMatch(/^redis:/);
    for (const name of ['kafka', 'mongo', 'redis']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('builds the apps from a multi-stage Dockerfile whose runtime stage runs as a non-root user with a healthcheck', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^ARG APP$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });

  it('bootstraps the topics once Kafka is healthy, with the project tool', () => {
    expect(services.topics.command).toEqual(['node', 'dist/tools/topics/main.js']);
    expect(services.topics.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  it('runs every app of nest-cli.json, built from the Dockerfile with its APP, started by health', () => {
    for (const app of apps) {
      const service = services[app.name];
      expect({ app: app.name, build: service?.build }).toEqual({ app: app.name, build: { context: '.', dockerfile: 'Dockerfile', args: { APP: app.name } } });
      expect(service.depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        mongo: { condition: 'service_healthy' },
        topics: { condition: 'service_completed_successfully' },
      });
    }
  });

  it("sets each app's required variables, and only variables its config class declares, with values it accepts (given the shell's token)", () => {
    for (const app of apps) {
      const env = envOf(services[app.name], SHELL);
      expect({ app: app.name, missing: containerRequiredKeys(app).filter((k) => !(k in env)) }).toEqual({ app: app.name, missing: [] });
      expect({ app: app.name, undeclared: Object.keys(env).filter((k) => !app.declared.has(k)) }).toEqual({ app: app.name, undeclared: [] });
      expect({ app: app.name, problems: configProblems(app, env) }).toEqual({ app: app.name, problems: [] });
    }
  });

  it('passes API_KEYS to every app from the environment only (never a value in the file): unset, writes are open', () => {
    const keys = `${'a1'.repeat(20)},${'b2'.repeat(20)}`;
    for (const app of apps) {
      expect({ app: app.name, raw: services[app.name].environment?.API_KEYS }).toEqual({ app: app.name, raw: '${API_KEYS:-}' });
      expect(envOf(services[app.name]).API_KEYS).toBe('');
      const withKeys = envOf(services[app.name], { ...SHELL, API_KEYS: keys });
      expect(withKeys.API_KEYS).toBe(keys);
      expect({ app: app.name, problems: configProblems(app, withKeys) }).toEqual({ app: app.name, problems: [] });
    }
  });

  it("gives each app with routes daprd calls, and its sidecar, the same app API token from the environment only; unset, the app refuses to start", () => {
    const tokenApps = apps.filter((a) => a.declared.has('DAPR_APP_API_TOKEN'));
    expect(tokenApps.map((a) => a.name).sort()).toEqual(['audit', 'loyalty']);
    for (const app of tokenApps) {
      expect({ app: app.name, raw: services[app.name].environment?.DAPR_APP_API_TOKEN }).toEqual({ app: app.name, raw: '${DAPR_APP_API_TOKEN:-}' });
      expect({ app: app.name, sidecar: services[`${app.name}-dapr`].environment?.APP_API_TOKEN }).toEqual({ app: app.name, sidecar: '${DAPR_APP_API_TOKEN:-}' });
      expect(envOf(services[app.name], SHELL).DAPR_APP_API_TOKEN).toBe(envOf(services[`${app.name}-dapr`], SHELL).APP_API_TOKEN);
      expect(configProblems(app, envOf(services[app.name]))).toEqual([expect.stringContaining('DAPR_APP_API_TOKEN is required when HTTP_HOST (0.0.0.0) is not a loopback address')]);
    }
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    expect(example).toMatch(/^DAPR_APP_API_TOKEN=$/m);
  });

  it("publishes each app's own port on 127.0.0.1, the one the chart and the README use", () => {
    const values = chartValues();
    for (const app of apps) {
      expect(envOf(services[app.name]).HTTP_PORT).toBe(String(app.port));
      expect(values.apps[app.name].port).toBe(app.port);
      expect(services[app.name].ports).toEqual([expect.stringMatching(new RegExp(`^"?127\\.0\\.0\\.1:\\$\\{[A-Z_]+_PORT:-${app.port}\\}:${app.port}$`))]);
    }
  });

  it('gives every app with a Dapr sidecar in the chart a daprd sidecar in its network namespace', () => {
    const daprApps = Object.entries(chartValues().apps).filter(([, app]) => app.dapr.enabled);
    expect(daprApps.map(([name]) => name).sort()).toEqual(['audit', 'loyalty', 'orders']);
    for (const [name, app] of daprApps) {
      const sidecar = services[`${name}-dapr`];
      expect(sidecar.image).toMatch(/^daprio\/daprd:/);
      expect(sidecar.network_mode).toBe(`service:${name}`);
      expect(sidecar.command?.join(' ')).toContain(`--app-id ${app.dapr.appId} --app-port ${app.port}`);
      expect(sidecar.volumes).toEqual(expect.arrayContaining(['./dapr/components:/dapr/components:ro', './dapr/resiliency.yaml:/dapr/resiliency/resiliency.yaml:ro']));
    }
  });

  it('builds no app that neither nest-cli.json nor the chart knows (audit and loyalty are in the chart ahead of their code)', () => {
    const built = Object.entries(services)
      .filter(([name, s]) => s.build && name !== 'topics')
      .map(([name]) => name);
    const known = new Set([...apps.map((a) => a.name), ...Object.keys(chartValues().apps)]);
    expect(built.filter((name) => !known.has(name))).toEqual([]);
  });

  it('puts an app whose code is not in the tree yet, and its sidecar, in a profile of its name (make up enables it once the code lands)', () => {
    const pending = Object.keys(chartValues().apps).filter((name) => !apps.some((a) => a.name === name));
    for (const name of pending) {
      expect(services[name].profiles).toEqual([name]);
      if (services[`${name}-dapr`]) expect(services[`${name}-dapr`].profiles).toEqual([name]);
    }
  });
});
