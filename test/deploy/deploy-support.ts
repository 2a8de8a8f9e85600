import { ServiceConfig } from '@app/platform/config/service.config';
import { declaredKeys, validateConfig } from '@app/platform/config/validate-config';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../..');

type ConfigClass = new () => ServiceConfig;

/** An app as nest-cli.json declares it, with the config class its service definition boots with. */
export interface DeployedApp {
  name: string;
  configClass: ConfigClass;
  /** The variable names the config class declares (what the app reads from its environment). */
  declared: Set<string>;
  /** The HTTP port the app listens on by default (its documented port). */
  port: number;
}

const isServiceDefinition = (value: unknown): value is { configClass: ConfigClass } =>
  typeof value === 'object' && value !== null && typeof (value as { configClass?: unknown }).configClass === 'function';

/** Every application in nest-cli.json whose service definition exists in apps/<name>/src. */
export async function deployedApps(): Promise<DeployedApp[]> {
  const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as { projects: Record<string, { type: string }> };
  const names = Object.entries(nestCli.projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name);
  return Promise.all(
    names.map(async (name) => {
      const file = join(ROOT, 'apps', name, 'src', `${name}.service-definition.ts`);
      if (!existsSync(file)) throw new Error(`${name}: no ${file}`);
      const definition = Object.values((await import(file)) as Record<string, unknown>).find(isServiceDefinition);
      if (!definition) throw new Error(`${name}: ${file} exports no ServiceDefinition`);
      const configClass = definition.configClass;
      return { name, configClass, declared: declaredKeys(configClass), port: new configClass().HTTP_PORT };
    }),
  );
}

/**
 * Variables a container must set: those whose default only works on a developer machine (bound to or
 * pointing at 127.0.0.1: HTTP_HOST, KAFKA_BROKERS, MONGO_URL, ...), and HTTP_PORT, which the image's
 * healthcheck reads.
 */
export function containerRequiredKeys(app: DeployedApp): string[] {
  const defaults = new app.configClass() as unknown as Record<string, unknown>;
  const loopback = [...app.declared].filter((key) => JSON.stringify(defaults[key] ?? '').includes('127.0.0.1'));
  return [...new Set([...loopback, 'HTTP_PORT'])].sort();
}

/** The problems the app's own config validation finds in an environment ([] when it would boot). */
export function configProblems(app: DeployedApp, env: Record<string, string>): string[] {
  try {
    validateConfig(app.configClass, env);
    return [];
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [String(error)];
  }
}

export const readYaml = <T>(relativePath: string): T => parse(readFileSync(join(ROOT, relativePath), 'utf8'), { merge: true }) as T;

export interface ChartValues {
  apps: Record<string, { enabled: boolean; port: number; stateless: boolean; dapr: { enabled: boolean; appId?: string } }>;
}

export const chartValues = (): ChartValues => readYaml<ChartValues>('helm/cqrs-backbone/values.yaml');

/** Runs one of the project's scripts; the tools it needs are installed into the cache on first use. */
export function runScript(script: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync('bash', [join(ROOT, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** The chart rendered offline (helm template) with the given values files. */
export function renderChart(...valuesFiles: string[]): Manifest[] {
  const result = runScript('scripts/deploy/render-chart.sh', valuesFiles.map((f) => join(ROOT, f)));
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}
