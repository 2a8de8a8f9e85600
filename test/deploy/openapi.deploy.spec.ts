import { DAPR_API_TAG } from '@app/dapr/dapr-delivery';
import { createValidationPipe } from '@app/platform/http/validation.pipe';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { appRoutes, AppRoute, DeployedApp, deployedApps, openApiDocumentOf, ROOT } from './deploy-support';

/** What `make seed` creates, from scripts/seed.mjs itself. */
function seededIds(): { customers: string[]; products: string[] } {
  const script = `import(${JSON.stringify(join(ROOT, 'scripts/seed.mjs'))}).then((m) => process.stdout.write(JSON.stringify(m.SEEDED_IDS)))`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/seed.mjs did not load: ${run.stderr}`);
  return JSON.parse(run.stdout) as { customers: string[]; products: string[] };
}

/** Nest's default operation id, `PlaceOrderHttpController_place`, and anything else that is not lowerCamelCase. */
const READABLE = /^[a-z][a-zA-Z0-9]*$/;
/** The dashboard's routes serve its page in the browser, not API clients: their responses need no examples. */
const BROWSER_CONTROLLERS = new Set(['DashboardHttpController']);

type Operation = { method: string; path: string; operationId?: string; parameters?: (ParameterObject | ReferenceObject)[]; requestBody?: unknown; tags?: string[] };

const operationsOf = (document: OpenAPIObject): Operation[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete', 'options', 'head'].includes(method))
      .map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
  );

/** What an id in an example names, from its field or parameter name and the route. */
function kindOf(name: string, path: string): 'customers' | 'products' | 'unseeded' | undefined {
  if (name === 'customerId') return 'customers';
  if (name === 'productId' || name === 'subjectId') return 'products';
  if (name !== 'id') return undefined;
  if (/^\/(customers|loyalty)\//.test(path)) return 'customers';
  if (/^\/(products|catalogue|streams|reviews\/product)\//.test(path)) return 'products';
  // Order ids (orders, audit) are UUIDs the seed's run makes up: no example can name one.
  return 'unseeded';
}

/** Every `customerId` / `productId` value in a request body example. */
function idsInExample(value: unknown, out: { name: string; value: unknown }[] = []): { name: string; value: unknown }[] {
  if (Array.isArray(value)) value.forEach((v) => idsInExample(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'customerId' || key === 'productId') out.push({ name: key, value: v });
      else idsInExample(v, out);
    }
  }
  return out;
}

const isRef = (schema: SchemaObject | ReferenceObject | undefined): schema is ReferenceObject => !!schema && '$ref' in schema;

/** The body Swagger UI's Try it out starts from: each field's example, else its first enum value or a placeholder. */
function sampleOf(schema: SchemaObject | ReferenceObject | undefined, schemas: Record<string, SchemaObject>, depth = 0): unknown {
  if (!schema || depth > 10) return undefined;
  if (isRef(schema)) return sampleOf(schemas[schema.$ref.split('/').pop() ?? ''], schemas, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sampleOf(part, schemas, depth + 1)));
  if (schema.oneOf) return sampleOf(schema.oneOf[0], schemas, depth + 1);
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'array') return [sampleOf(schema.items, schemas, depth + 1)];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([field, property]) => [field, sampleOf(property, schemas, depth + 1)]));
  }
  return ({ string: 'string', number: 0, integer: 0, boolean: true } as Record<string, unknown>)[String(schema.type)];
}

const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI documents (built offline from each app module, as /docs-json serves them)', () => {
  let documents: { app: DeployedApp; document: OpenAPIObject; routes: AppRoute[] }[];
  let seeded: { customers: string[]; products: string[] };

  beforeAll(async () => {
    seeded = seededIds();
    documents = await Promise.all((await deployedApps()).map(async (app) => ({ app, document: await openApiDocumentOf(app), routes: await appRoutes(app) })));
  });

  it('finds every app and the seeded ids', () => {
    expect(documents.map((d) => d.app.name).sort()).toEqual(['accounts', 'audit', 'catalog', 'loyalty', 'orders', 'stream-processor']);
    expect(seeded.customers).toContain('demo-c1');
    expect(seeded.products).toContain('demo-p01');
  });

  it('every operation id is readable (lowerCamelCase, not Nest\'s Controller_method) and unique in its document', () => {
    for (const { app, document } of documents) {
      const ids = operationsOf(document).map((o) => o.operationId ?? `(none: ${o.method} ${o.path})`);
      expect({ app: app.name, unreadable: ids.filter((id) => !READABLE.test(id)) }).toEqual({ app: app.name, unreadable: [] });
      expect({ app: app.name, duplicated: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({ app: app.name, duplicated: [] });
    }
  });

  it('every public HTTP route of the apps names its operation id (placeOrder, getCustomer, ...)', () => {
    const unnamed = documents.flatMap(({ routes }) =>
      routes.filter((r) => r.controller.endsWith('HttpController') && !r.operationId).map((r) => `${r.controller}: ${r.method} ${r.path}`),
    );
    expect(unnamed).toEqual([]);
    const catalog = documents.find((d) => d.app.name === 'catalog')?.document;
    const orders = documents.find((d) => d.app.name === 'orders')?.document;
    expect(orders?.paths['/orders']?.post?.operationId).toBe('placeOrder');
    expect(catalog?.paths['/reviews']?.get?.operationId).toBe('listReviews');
  });

  it("every example id is one `make seed` creates, so Swagger's Try it out answers after a seed", () => {
    const wrong: string[] = [];
    const check = (where: string, kind: ReturnType<typeof kindOf>, example: unknown, required: boolean) => {
      if (kind === undefined || typeof example === 'number') return;
      if (kind === 'unseeded') {
        if (example !== undefined) wrong.push(`${where}: example ${String(example)} (no seeded id of this kind exists)`);
      } else if (example === undefined ? required : !seeded[kind].includes(String(example))) {
        wrong.push(`${where}: example ${String(example)} is not one of the seeded ${kind}`);
      }
    };
    let parameters = 0;
    for (const { app, document } of documents) {
      for (const op of operationsOf(document)) {
        for (const p of (op.parameters ?? []) as ParameterObject[]) {
          const example = p.example ?? (isRef(p.schema) ? undefined : p.schema?.example);
          if (p.in === 'path' && kindOf(p.name, op.path) !== undefined) parameters++;
          // A path parameter must have its example; a query filter may go without.
          check(`${app.name} ${op.method} ${op.path} ${p.in} ${p.name}`, kindOf(p.name, op.path), example, p.in === 'path');
        }
        const content = (op.requestBody as { content?: Record<string, { examples?: Record<string, { value: unknown }> }> } | undefined)?.content ?? {};
        for (const media of Object.values(content)) {
          for (const [name, { value }] of Object.entries(media.examples ?? {})) {
            for (const id of idsInExample(value)) check(`${app.name} ${op.method} ${op.path} body example "${name}" ${id.name}`, kindOf(id.name, op.path), id.value, false);
          }
        }
      }
      for (const [schemaName, schema] of Object.entries(document.components?.schemas ?? {})) {
        for (const [field, property] of Object.entries((schema as SchemaObject).properties ?? {})) {
          // A field named id is the schema's own id (an alert's, a review's), not a customer or product.
          if (!isRef(property) && field !== 'id') check(`${app.name} ${schemaName}.${field}`, kindOf(field, ''), property.example, false);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(parameters).toBeGreaterThan(10);
  });

  it("every request body Try it out starts from passes the route's validation", async () => {
    const pipe = createValidationPipe();
    const refused: string[] = [];
    let checked = 0;
    for (const { app, document, routes } of documents) {
      const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
      for (const route of routes.filter((r) => r.bodyType && !r.daprOnly)) {
        const op = (document.paths[openApiPath(route.path)] as Record<string, { requestBody?: { content?: Record<string, { schema?: SchemaObject; examples?: Record<string, { value: unknown }> }> } }> | undefined)?.[route.method.toLowerCase()];
        const media = op?.requestBody?.content?.['application/json'];
        if (!media) {
          refused.push(`${app.name} ${route.method} ${route.path}: no JSON request body documented`);
          continue;
        }
        const bodies = media.examples ? Object.entries(media.examples).map(([name, e]) => [`example "${name}"`, e.value] as const) : [['schema sample', sampleOf(media.schema, schemas)] as const];
        for (const [what, body] of bodies) {
          checked++;
          await pipe.transform(JSON.parse(JSON.stringify(body)), { type: 'body', metatype: route.bodyType }).catch((error: { errors?: unknown }) => {
            refused.push(`${app.name} ${route.method} ${route.path} ${what}: ${JSON.stringify(error.errors ?? String(error))}`);
          });
        }
      }
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('every required field of a public response has an example (or an enum, or is an object or list of its own)', () => {
    const missing = new Set<string>();
    for (const { app, document, routes } of documents) {
      const forBrowser = new Set(routes.filter((r) => BROWSER_CONTROLLERS.has(r.controller)).map((r) => `${r.method} ${r.path}`));
      const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
      const visit = (schema: SchemaObject | ReferenceObject | undefined, where: string, seen: Set<string>): void => {
        if (!schema) return;
        if (isRef(schema)) {
          const name = schema.$ref.split('/').pop() ?? '';
          if (seen.has(name)) return;
          seen.add(name);
          visit(schemas[name], name, seen);
          return;
        }
        for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])]) visit(part, where, seen);
        if (schema.items) visit(schema.items, where, seen);
        for (const [field, property] of Object.entries(schema.properties ?? {})) {
          const nested = isRef(property) || property.type === 'array' || property.allOf !== undefined || (property.type === 'object' && property.properties !== undefined);
          if (nested) visit(property, `${where}.${field}`, seen);
          else if (property.example === undefined && property.enum === undefined && (schema.required ?? []).includes(field) && property.type !== 'object') missing.add(`${app.name} ${where}.${field}`);
        }
      };
      for (const op of operationsOf(document)) {
        if (op.tags?.some((t) => t === DAPR_API_TAG || t === 'health') || forBrowser.has(`${op.method} ${op.path}`)) continue;
        const responses = (op as unknown as { responses: Record<string, { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> }> }).responses;
        for (const [status, response] of Object.entries(responses)) {
          if (status.startsWith('2')) for (const media of Object.values(response.content ?? {})) visit(media.schema, `${op.method} ${op.path}`, new Set());
        }
      }
    }
    expect([...missing].sort()).toEqual([]);
  });
});
