import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Manifest, renderChart, renderChartWith, ROOT, runScript } from './deploy-support';

/** The validators make[test] relies on must reject broken files, with a message that says what is wrong. */
describe('offline validators reject broken deployment files', () => {
  let dir: string;
  let manifests: Manifest[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-validators-'));
    manifests = renderChart();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kubeconform = (name: string, docs: object[]) => {
    const file = join(dir, name);
    writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
    return runScript('scripts/deploy/kubeconform.sh', [file]);
  };
  const pick = (kind: string, name?: string): Manifest => {
    const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
    if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
    return structuredClone(found);
  };

  it('accepts the rendered chart as it is', () => {
    const result = kubeconform('valid.yaml', manifests);
    expect(result.stdout).toMatch(/Invalid: 0, Errors: 0, Skipped: 0/);
    expect(result.status).toBe(0);
  });

  it('rejects a Deployment with a misspelt field and a port that is not a number', () => {
    const deployment = pick('Deployment', 'orders') as Manifest & { spec: { replica?: number; template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    deployment.spec.replica = 2;
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const result = kubeconform('broken-deployment.yaml', [deployment]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("Deployment orders is invalid");
    expect(result.stdout).toContain("additional properties 'replica' not allowed");
    expect(result.stdout).toContain('containerPort');
  });

  it('rejects a Dapr Component that does not match the Dapr CRD', () => {
    const component = pick('Component') as Manifest & { spec: Record<string, unknown> };
    component.spec.typeName = component.spec.type;
    delete component.spec.type;
    const result = kubeconform('broken-component.yaml', [component]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/Component \S+ is invalid/);
    expect(result.stdout).toContain("additional properties 'typeName' not allowed");
  });

  it('rejects a misspelt field in the GKE and Prometheus Operator kinds (BackendConfig, PodMonitoring, ServiceMonitor)', () => {
    const gke = renderChart('helm/cqrs-backbone/values-gke.yaml');
    const monitors = renderChartWith({ metrics: { serviceMonitor: { enabled: true } } });
    const broken = [
      ...gke.filter((m) => m.kind === 'BackendConfig' || m.kind === 'PodMonitoring'),
      ...monitors.filter((m) => m.kind === 'ServiceMonitor'),
    ].map((m) => ({ ...structuredClone(m), spec: { ...m.spec, timeoutSecs: 60 } }));
    expect([...new Set(broken.map((m) => m.kind))].sort()).toEqual(['BackendConfig', 'PodMonitoring', 'ServiceMonitor']);
    const result = kubeconform('broken-extra-kinds.yaml', broken);
    expect(result.status).not.toBe(0);
    for (const kind of ['BackendConfig', 'PodMonitoring', 'ServiceMonitor']) expect(result.stdout).toMatch(new RegExp(`${kind} \\S+ is invalid`));
    expect(result.stdout).toContain("additional properties 'timeoutSecs' not allowed");
    expect(result.stdout).toMatch(new RegExp(`Invalid: ${broken.length},`));
  });

  it('fails on a kind it has no schema for instead of skipping it', () => {
    const result = kubeconform('unknown-kind.yaml', [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('could not find schema for Widget');
  });

  it('rejects a compose file that breaks the Compose specification', () => {
    const file = join(dir, 'docker-compose.yml');
    const original = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    writeFileSync(file, original.replace('    restart: "no"\n', '    restart: "no"\n    depends_onn: {}\n'));
    const result = spawnSync(join(ROOT, 'node_modules/.bin/dclint'), ['--max-warnings', '0', '--color', 'false', file], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('invalid-schema');
    expect(result.stdout).toContain('must NOT have additional properties');
  });
});
