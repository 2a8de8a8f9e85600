import { composeServers } from '@app/testing/server-images';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartValues, configProblems, containerRequiredKeys, DeployedApp, deployedApps, readYaml, ROOT, processEnvIn, undeclaredKeys } from './deploy-support';

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
      expect({ app: app.name, undeclared: undeclaredKeys(app, env) }).toEqual({ app: app.name, undeclared: [] });
      expect({ app: app.name, problems: configProblems(app, env) }).toEqual({ app: app.name, problems: [] });
    }
  });

  it('starts each app with its process environment (the stream processor: its memory profile), as the other launchers do', () => {
    expect(apps.find((a) => a.name === 'stream-processor')?.processEnv.NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    for (const app of apps) {
      const env = envOf(services[app.name]);
      expect({ app: app.name, env: processEnvIn(app, env) }).toEqual({ app: app.name, env: app.processEnv });
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

  it('names the Node of .nvmrc in the image (NODE_IMAGE), within package.json\'s engines: Node 24 LTS everywhere', () => {
    const nvmrc = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const nodeImage = /^ARG NODE_IMAGE=node:(\d+)\.(\d+)-[a-z-]+$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    const [major, minor] = nvmrc.split('.').map(Number);
    const minimum = /^>=(\d+)\.(\d+)$/.exec(engines);
    expect({ nvmrc, engines, nodeImage: nodeImage?.[0] }).toEqual({ nvmrc: expect.stringMatching(/^24\.\d+\.\d+$/), engines: expect.stringMatching(/^>=24\.\d+$/), nodeImage: expect.any(String) });
    expect(nodeImage?.slice(1).map(Number)).toEqual([major, minor]);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(Number(minimum?.[1]) * 1000 + Number(minimum?.[2]));
  });
});

interface ResolvedService {
  image?: string;
  profiles?: string[];
  command?: string[] | null;
  environment?: Record<string, string | null>;
  ports?: { host_ip?: string; published?: string; target: number }[];
  volumes?: { type: string; source?: string; target: string }[];
}
interface ResolvedProject {
  services: Record<string, ResolvedService>;
  volumes?: Record<string, unknown>;
}

/** The shell compose sees: this one's without what would move ports, pick profiles or set secrets, plus `extra`. */
const shell = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/_PORT$|^COMPOSE_|^DAPR_APP_API_TOKEN$|^API_KEYS$/.test(key))),
  ...SHELL,
  ...extra,
});
/** `docker compose config` (compose-go, the loader docker compose is built on; scripts/deploy/compose-config.sh). */
const composeConfig = (env: NodeJS.ProcessEnv, file?: string) =>
  spawnSync('bash', [join(ROOT, 'scripts/deploy/compose-config.sh'), '--format', 'json', ...(file ? [file] : [])], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
const resolve = (env: NodeJS.ProcessEnv = shell()): ResolvedProject => {
  const result = composeConfig(env);
  if (result.status !== 0) throw new Error(`compose-config failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ResolvedProject;
};
/** The host addresses compose publishes, as host:port. */
const published = (project: ResolvedProject): string[] =>
  [...new Set(Object.values(project.services).flatMap((s) => (s.ports ?? []).map((p) => `${p.host_ip ?? '0.0.0.0'}:${p.published}`)))].sort();
/** What `make up` prints for compose: every host:port in its URLs. */
const printedByUp = (env: NodeJS.ProcessEnv): { out: string; hostPorts: string[] } => {
  const result = spawnSync('bash', [join(ROOT, 'scripts/up.sh'), '--urls', 'compose'], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`up.sh --urls compose failed:\n${result.stderr}`);
  return { out: result.stdout, hostPorts: [...new Set([...result.stdout.matchAll(/\b(\d+\.\d+\.\d+\.\d+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`))].sort() };
};

describe('docker-compose.yml as `docker compose config` resolves it (compose-go; this machine has no Docker compose plugin)', () => {
  let project: ResolvedProject;
  beforeAll(() => {
    project = resolve();
  }, 300_000);

  it('resolves, and the same loader rejects a file that names an undefined volume', () => {
    expect(Object.keys(project.services).length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'compose-config-'));
    try {
      const broken = join(dir, 'docker-compose.yml');
      writeFileSync(broken, 'services:\n  kafka:\n    image: apache/kafka:3.9.1\n    volumes: [kafka-data:/var/lib/kafka/data]\n');
      const result = composeConfig(shell(), broken);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('service "kafka" refers to undefined volume kafka-data');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs every service of the file, audit and loyalty and their sidecars included, with a plain `docker compose up` (no profile)', () => {
    expect(Object.keys(project.services).sort()).toEqual(Object.keys(services).sort());
    expect(Object.keys(project.services)).toEqual(expect.arrayContaining(['audit', 'audit-dapr', 'loyalty', 'loyalty-dapr', 'orders-dapr']));
    expect(Object.entries(services).filter(([, s]) => s.profiles).map(([name]) => name)).toEqual([]);
  });

  it("keeps Kafka's log, MongoDB's and Redis's data in named volumes (Redis with an append-only file): `down` keeps or `down --volumes` removes all three together", () => {
    const namedVolume = (service: string, target: string) => {
      const volume = project.services[service].volumes?.find((v) => v.target === target);
      expect({ service, volume }).toEqual({ service, volume: expect.objectContaining({ type: 'volume', target }) });
      expect(Object.keys(project.volumes ?? {})).toContain(volume?.source);
    };
    const kafkaLogDirs = project.services.kafka.environment?.KAFKA_LOG_DIRS;
    expect(kafkaLogDirs).toBe('/var/lib/kafka/data');
    namedVolume('kafka', String(kafkaLogDirs));
    namedVolume('mongo', '/data/db');
    namedVolume('redis', '/data');
    expect(project.services.redis.command?.join(' ')).toMatch(/--appendonly yes(\s|$)/);
  });

  it('has make up print exactly the host ports compose publishes, with the defaults and with every port moved (no sidecar port: none is published)', () => {
    const moved = { KAFKA_PORT: '19192', MONGO_PORT: '37117', REDIS_PORT: '16479', ACCOUNTS_PORT: '4101', ORDERS_PORT: '4102', CATALOG_PORT: '4103', AUDIT_PORT: '4104', LOYALTY_PORT: '4105', STREAM_PROCESSOR_PORT: '4106' };
    for (const env of [shell(), shell(moved)]) {
      const ports = published(resolve(env));
      const printed = printedByUp(env);
      expect(ports).toHaveLength(9);
      expect(printed.hostPorts).toEqual(ports);
      // Nor a bare ":port" (the local mode's sidecar metrics) that compose does not publish.
      const bare = [...printed.out.matchAll(/:(\d+)\b/g)].map((m) => `127.0.0.1:${m[1]}`);
      expect(bare.filter((p) => !ports.includes(p))).toEqual([]);
    }
  });

  it('publishes every host:port the Postman collection calls (with its environment for make up)', () => {
    interface Item { item?: Item[]; request?: { url: string | { raw: string } } }
    const collection = JSON.parse(readFileSync(join(ROOT, 'postman/cqrs-backbone.postman_collection.json'), 'utf8')) as Item;
    const environment = JSON.parse(readFileSync(join(ROOT, 'postman/local.postman_environment.json'), 'utf8')) as { values: { key: string; value: string }[] };
    const vars = new Map(environment.values.map((v) => [v.key, v.value]));
    const urls = (item: Item): string[] => [...(item.request ? [typeof item.request.url === 'string' ? item.request.url : item.request.url.raw] : []), ...(item.item ?? []).flatMap(urls)];
    const called = [
      ...new Set(
        urls(collection).map((raw) => {
          const url = new URL(raw.replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars.get(name) ?? m));
          return `${url.hostname}:${url.port}`;
        }),
      ),
    ].sort();
    expect(called).toEqual(['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003', '127.0.0.1:3004', '127.0.0.1:3005', '127.0.0.1:3006']);
    expect(called.filter((hostPort) => !published(project).includes(hostPort))).toEqual([]);
  });

  it('names the images the tests start with testcontainers (libs/testing reads them from this file), each a pinned tag', () => {
    const servers = composeServers();
    const testcontainers = { kafka: servers.kafka.image, mongo: servers.mongo.image, redis: servers.redis.image };
    expect(testcontainers).toEqual({ kafka: project.services.kafka.image, mongo: project.services.mongo.image, redis: project.services.redis.image });
    for (const image of Object.values(testcontainers)) expect(image).toMatch(/^[a-z/]+:\d+(\.\d+)*(-[a-z]+)?$/);
    expect(servers.kafka.environment.KAFKA_PROCESS_ROLES).toBe(project.services.kafka.environment?.KAFKA_PROCESS_ROLES);
    // and the testcontainers code names no image of its own
    const source = readFileSync(join(ROOT, 'libs/testing/src/containers.ts'), 'utf8');
    expect(source).toContain('composeServers()');
    expect(source.match(/['"`][a-z0-9./-]+:\d[\w.-]*['"`]/g) ?? []).toEqual([]);
  });
});
