import { DAPR_API_TAG } from '@app/dapr/dapr-delivery';
import { ServiceConfig } from '@app/platform/config/service.config';
import { isCalledByDapr } from '@app/platform/security/called-by-dapr';
import { DynamicModule, ForwardReference, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { NestFactory, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '@app/platform/bootstrap/run-service';
import { declaredKeys, validateConfig } from '@app/platform/config/validate-config';
import { serviceProcessEnv } from '@app/platform/runtime/service-process-env';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

export const ROOT = join(__dirname, '../..');

type ConfigClass = new () => ServiceConfig;

/** An app as nest-cli.json declares it, with the config class its service definition boots with. */
export interface DeployedApp {
  name: string;
  configClass: ConfigClass;
  /** The variable names the config class declares (what the app reads from its environment). */
  declared: Set<string>;
  /** What its process is started with beyond its configuration (Node's and the allocator's settings). */
  processEnv: Readonly<Record<string, string>>;
  /** The HTTP port the app listens on by default (its documented port). */
  port: number;
}

interface LoadedDefinition {
  name: string;
  description: string;
  configClass: ConfigClass;
  module: (config: ServiceConfig) => ModuleRef;
}

const isServiceDefinition = (value: unknown): value is LoadedDefinition =>
  typeof value === 'object' && value !== null && typeof (value as { configClass?: unknown }).configClass === 'function' && typeof (value as { module?: unknown }).module === 'function';

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
      return { name, configClass, declared: declaredKeys(configClass), processEnv: serviceProcessEnv(name), port: new configClass().HTTP_PORT };
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

/** The values an environment gives the app's process-environment variables (to equal `app.processEnv`). */
export const processEnvIn = (app: DeployedApp, env: Record<string, string>): Record<string, string> => Object.fromEntries(Object.keys(app.processEnv).map((k) => [k, env[k]]));

/** Variables of a container's environment that are neither in its config class nor its process environment. */
export const undeclaredKeys = (app: DeployedApp, env: Record<string, string>): string[] => Object.keys(env).filter((k) => !app.declared.has(k) && !(k in app.processEnv));

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
  const result = runScript('scripts/deploy/render-chart.sh', valuesFiles.map((f) => resolve(ROOT, f)));
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** Kind/name of every Component and Subscription in dapr/components (what the apps are tested with locally). */
export const localDaprResources = (): string[] =>
  readdirSync(join(ROOT, 'dapr', 'components'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(ROOT, 'dapr', 'components', f), 'utf8')).map((d) => d.toJSON() as Manifest))
    .map((m) => `${m.kind}/${m.metadata.name}`);

/** The chart rendered with the given values files, then `values` on top (as `helm template -f` would take them). */
export function renderChartWith(values: object, ...valuesFiles: string[]): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'chart-values-'));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, stringify(values));
    return renderChart(...valuesFiles, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One HTTP route of an app, and whether only its Dapr sidecar calls it. */
export interface AppRoute {
  method: string;
  path: string;
  daprOnly: boolean;
  /** The controller class's name. */
  controller: string;
  /** The operation id its @ApiOperation names, if any. */
  operationId?: string;
  /** The class its @Body() is validated against, if it takes a body of a declared shape. */
  bodyType?: Type<unknown>;
}

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference | undefined;

/** Every controller of a module graph (static metadata and dynamic-module fields alike). */
function controllersOf(root: ModuleRef, seen = new Set<unknown>()): Type<unknown>[] {
  if (!root || seen.has(root) || root instanceof Promise || 'forwardRef' in root) return [];
  seen.add(root);
  const dynamic = typeof root === 'function' ? undefined : root;
  const cls = typeof root === 'function' ? root : root.module;
  const read = <T>(key: string): T[] => [...((Reflect.getMetadata(key, cls) as T[] | undefined) ?? []), ...(((dynamic as Record<string, unknown> | undefined)?.[key] as T[] | undefined) ?? [])];
  return [...read<Type<unknown>>('controllers'), ...read<ModuleRef>('imports').flatMap((m) => controllersOf(m, seen))];
}

const joinPath = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
const tagged = (target: object, tag: string): boolean => ((Reflect.getMetadata('swagger/apiUseTags', target) as string[] | undefined) ?? []).includes(tag);

async function serviceDefinition(app: DeployedApp): Promise<LoadedDefinition> {
  const file = join(ROOT, 'apps', app.name, 'src', `${app.name}.service-definition.ts`);
  const definition = Object.values((await import(file)) as Record<string, unknown>).find(isServiceDefinition);
  if (!definition) throw new Error(`${app.name}: ${file} exports no ServiceDefinition`);
  return definition;
}

/**
 * The app's OpenAPI document as its /docs-json serves it, built offline: Nest's preview mode scans the module
 * graph without creating providers, so nothing connects to Kafka, MongoDB or daprd.
 */
export async function openApiDocumentOf(app: DeployedApp): Promise<OpenAPIObject> {
  const definition = await serviceDefinition(app);
  const config = new app.configClass();
  const nest = await NestFactory.create(definition.module(config) as Type<unknown> | DynamicModule, { preview: true, logger: false, abortOnError: false });
  try {
    return openApiDocument(nest, definition.name, definition.description, config);
  } finally {
    await nest.close();
  }
}

/** The class of a handler's @Body() parameter (what the validation pipe checks a request body against), if it has one. */
function bodyTypeOf(controller: Type<unknown>, method: string): Type<unknown> | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number }>;
  const body = Object.entries(args).find(([key]) => key.split(':')[0] === String(RouteParamtypes.BODY));
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as Type<unknown>[];
  const type = body ? types[body[1].index] : undefined;
  return type && type !== Object ? type : undefined;
}

/** The HTTP routes an app serves (its own controllers and those of the libraries it imports), read from Nest's metadata. */
export async function appRoutes(app: DeployedApp): Promise<AppRoute[]> {
  const definition = await serviceDefinition(app);
  const reflector = new Reflector();
  return controllersOf(definition.module(new app.configClass())).flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ name, handler: (controller.prototype as Record<string, unknown>)[name] }))
      .filter((m): m is { name: string; handler: () => unknown } => typeof m.handler === 'function' && Reflect.getMetadata(PATH_METADATA, m.handler) !== undefined)
      .map(({ name, handler }) => ({
        method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
        path: joinPath(base, String(Reflect.getMetadata(PATH_METADATA, handler))),
        daprOnly: isCalledByDapr(reflector, handler, controller) || tagged(handler, DAPR_API_TAG) || tagged(controller, DAPR_API_TAG),
        controller: controller.name,
        operationId: (Reflect.getMetadata('swagger/apiOperation', handler) as { operationId?: string } | undefined)?.operationId,
        bodyType: bodyTypeOf(controller, name),
      }));
  });
}
