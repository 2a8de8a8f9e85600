import { Topic } from '@app/contracts';
import { REPO_ROOT, customerDocument, loadInfra, metricValue, testKafka, uniqueName, waitFor } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { customerChanged, daprTestEnv, orderChanged, useAuditAndLoyalty } from './dapr-stack';
import { e2eStack, http } from './stack';

// The optional API-key guard, with real service processes: configured (two keys, as during a rotation),
// every documented write needs X-API-Key and reads stay open; the routes daprd calls keep working; not
// configured, writes are open; a bad key list stops the service at boot.
const OLD_KEY = `old-${'k'.repeat(40)}`;
const NEW_KEY = `new-${'n'.repeat(40)}`;
const API_KEYS = `${OLD_KEY},${NEW_KEY}`;
const product = { name: 'Key test', description: 'api key', price: 3, stock: 10 };

type Doc = { paths: Record<string, Record<string, { security?: unknown; 'x-called-by-dapr'?: boolean }>>; components?: { securitySchemes?: Record<string, unknown> } };
const WRITES = ['post', 'put', 'patch', 'delete'];

/** Every write operation a service documents, with its path parameters filled with a well-formed id. */
async function documentedWrites(url: string): Promise<{ method: string; path: string; security?: unknown }[]> {
  const doc = (await http('GET', `${url}/docs-json`)).body as Doc;
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => WRITES.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x-1'), security: op.security })),
  );
}

describe('with API_KEYS set', () => {
  const stack = e2eStack();
  const services = [stack.accounts, stack.orders, stack.catalog];
  beforeAll(async () => {
    await Promise.all(services.map((s) => s.start({ API_KEYS })));
  }, 300_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });

  it('a write without a key → 401 AUTH.API_KEY_MISSING, with a wrong key → 401 AUTH.API_KEY_INVALID; nothing is written', async () => {
    const id = uniqueName('key');
    const missing = await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument());
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 401, code: 'AUTH.API_KEY_MISSING' });
    for (const wrong of ['nope', OLD_KEY.slice(0, -1), `${NEW_KEY}x`, NEW_KEY.toUpperCase()]) {
      const res = await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument(), { 'X-API-Key': wrong });
      expect({ wrong, status: res.status, code: res.body.code }).toEqual({ wrong, status: 401, code: 'AUTH.API_KEY_INVALID' });
      expect(JSON.stringify(res.body)).not.toContain(wrong === 'nope' ? OLD_KEY : wrong);
    }
    expect((await http('GET', `${stack.accounts.url}/customers/${id}`)).status).toBe(404);
  });

  it('either configured key is accepted (rotation), and reads, health, metrics and docs stay open', async () => {
    const id = uniqueName('key');
    expect((await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument(), { 'X-API-Key': OLD_KEY })).status).toBe(201);
    expect((await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument({ tier: 'Silver' }), { 'x-api-key': NEW_KEY })).status).toBe(200);
    expect((await http('GET', `${stack.accounts.url}/customers/${id}`)).body).toMatchObject({ version: 2, tier: 'Silver' });
    for (const path of ['/customers', '/health', '/health/live', '/metrics', '/docs-json']) {
      expect({ path, status: (await http('GET', `${stack.accounts.url}${path}`)).status }).toEqual({ path, status: 200 });
    }
    expect((await fetch(`${stack.accounts.url}/docs`)).status).toBe(200);
  });

  it('catalog and orders writes too: 401 without a key, through with one', async () => {
    const productId = uniqueName('kp');
    const noKey = await http('PUT', `${stack.catalog.url}/products/${productId}`, product);
    expect(noKey.body.code).toBe('AUTH.API_KEY_MISSING');
    const created = await http('PUT', `${stack.catalog.url}/products/${productId}`, product, { 'X-API-Key': NEW_KEY });
    expect(created.status).toBe(201);
    expect((await http('PATCH', `${stack.catalog.url}/products/${productId}/stock`, { delta: 1 })).status).toBe(401);
    expect((await http('PATCH', `${stack.catalog.url}/products/${productId}/stock`, { delta: 1 }, { 'X-API-Key': OLD_KEY })).status).toBe(200);
    expect((await http('POST', `${stack.catalog.url}/products/${productId}/reviews`, { customerId: 'c-1', rating: 4, text: 'ok' })).status).toBe(401);
    expect((await http('POST', `${stack.catalog.url}/products/${productId}/reviews`, { customerId: 'c-1', rating: 4, text: 'ok' }, { 'X-API-Key': OLD_KEY })).status).toBe(201);
    expect((await http('GET', `${stack.catalog.url}/products/${productId}`)).body).toMatchObject({ stock: 11 });
    // orders: refused before anything is looked up; with the key it reaches the domain (unknown customer: 422).
    expect((await http('POST', `${stack.orders.url}/orders`, { customerId: 'nobody', items: [{ productId, quantity: 1 }] })).status).toBe(401);
    expect((await http('POST', `${stack.orders.url}/orders`, { customerId: 'nobody', items: [{ productId, quantity: 1 }] }, { 'X-API-Key': NEW_KEY })).status).toBe(422);
  });

  it('every write operation the OpenAPI documents needs the key and says so (security scheme api-key, header X-API-Key)', async () => {
    let checked = 0;
    for (const service of services) {
      const doc = (await http('GET', `${service.url}/docs-json`)).body as Doc;
      expect(doc.components?.securitySchemes).toEqual({ 'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' } });
      for (const { method, path, security } of await documentedWrites(service.url)) {
        expect({ method, path, security }).toEqual({ method, path, security: [{ 'api-key': [] }] });
        const res = await http(method, `${service.url}${path}`, {});
        expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 401, code: 'AUTH.API_KEY_MISSING' });
        checked++;
      }
      for (const [path, item] of Object.entries(doc.paths)) expect({ path, security: item.get?.security }).toEqual({ path, security: undefined });
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

describe('with API_KEYS set, what daprd calls keeps working', () => {
  const dapr = daprTestEnv({ API_KEYS, LOYALTY_CRON_SCHEDULE: '@every 1s' });
  const apps = useAuditAndLoyalty(dapr);

  it('pub/sub deliveries reach audit and loyalty, and the cron binding triggers runs, all without a key (daprd sends its app API token)', async () => {
    const orderId = `${dapr.run}-order`;
    const customerId = `${dapr.run}-customer`;
    const producer = testKafka(loadInfra().kafkaBrokers).producer();
    await producer.connect();
    // The customer first, so that the tier (Gold) is known before a cron run can award the order.
    await producer.send({ topic: Topic.CustomerChange, messages: [{ key: customerId, value: JSON.stringify(customerChanged(customerId, 'Gold')) }] });
    await waitFor(async () => (await metricValue(apps.loyalty().app.url, 'loyalty_tier_events_total', { outcome: 'applied' })) >= 1, {
      timeoutMs: 120_000,
      what: 'the customer event applied to the tier replica (a pub/sub delivery to loyalty)',
    });
    await producer.send({ topic: Topic.OrderEvents, messages: [{ key: orderId, value: JSON.stringify(orderChanged({ orderId, customerId, total: 12.5 })) }] });
    await producer.disconnect();

    const audited = await waitFor(
      async () => {
        const res = await http('GET', `${apps.audit().app.url}/audit/orders/${orderId}`);
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the order in the audit log (a pub/sub delivery to audit)' },
    );
    expect(audited.versions).toHaveLength(1);
    await waitFor(async () => (await metricValue(apps.loyalty().app.url, 'loyalty_runs_total', { outcome: 'completed' })) >= 2, {
      timeoutMs: 60_000,
      what: 'two runs triggered by the cron binding',
    });
    // The audited order was awarded by a cron run: the whole Dapr path works with the guard on.
    const points = await waitFor(
      async () => {
        const res = await http('GET', `${apps.loyalty().app.url}/loyalty/${customerId}`);
        return res.status === 200 && res.body.awardedOrders === 1 ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the order awarded by a cron run' },
    );
    expect(points).toMatchObject({ points: 25, tier: 'Gold' });
  }, 400_000);

  it("the public trigger POST /loyalty/runs needs the key; the routes daprd calls are documented as such and ask for daprd's token, not a key", async () => {
    expect((await http('POST', `${apps.loyalty().app.url}/loyalty/runs`)).body).toMatchObject({ status: 401, code: 'AUTH.API_KEY_MISSING' });
    expect((await http('POST', `${apps.loyalty().app.url}/loyalty/runs`, undefined, { 'X-API-Key': OLD_KEY })).status).toBe(200);
    const loyaltyDoc = (await http('GET', `${apps.loyalty().app.url}/docs-json`)).body as Doc;
    expect(loyaltyDoc.paths['/loyalty/runs'].post.security).toEqual([{ 'api-key': [] }]);
    for (const app of [apps.audit().app, apps.loyalty().app]) {
      const doc = (await http('GET', `${app.url}/docs-json`)).body as Doc;
      const daprCalled = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/dapr') || path === '/loyalty-cron')
        .flatMap(([path, item]) => Object.entries(item).filter(([method]) => WRITES.includes(method)).map(([method, op]) => ({ path, method, security: op.security, marked: op['x-called-by-dapr'] })));
      expect(daprCalled.length).toBeGreaterThan(0);
      for (const op of daprCalled) expect(op).toEqual({ path: op.path, method: op.method, security: [{ 'dapr-api-token': [] }], marked: true });
    }
  });
});

describe('without API_KEYS', () => {
  const stack = e2eStack();
  beforeAll(() => stack.catalog.start(), 120_000);
  afterAll(() => stack.catalog.stop());

  it('writes are open and the OpenAPI document has no security scheme', async () => {
    const productId = uniqueName('open');
    expect((await http('PUT', `${stack.catalog.url}/products/${productId}`, product)).status).toBe(201);
    expect((await http('PATCH', `${stack.catalog.url}/products/${productId}/stock`, { delta: -1 })).status).toBe(200);
    const doc = (await http('GET', `${stack.catalog.url}/docs-json`)).body as Doc;
    expect(doc.components?.securitySchemes).toBeUndefined();
    expect((await documentedWrites(stack.catalog.url)).filter((w) => w.security !== undefined)).toEqual([]);
  });
});

describe('a bad API_KEYS stops the service at boot', () => {
  it.each([
    ['a key under 32 characters', `${NEW_KEY},short-secret-1`, 'API_KEYS: every key must be at least 32 characters', 'short-secret-1'],
    ['a key with a space', `${NEW_KEY.slice(0, 20)} ${NEW_KEY}`, 'API_KEYS: keys are printable ASCII without spaces', NEW_KEY],
    ['a list of nothing', ' , ', 'API_KEYS must list at least one key when set', undefined],
  ])('%s: exit 78 with a clear message that does not print the key', (_what, value, message, secret) => {
    const infra = loadInfra();
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'apps', 'accounts', 'src', 'main.js')], {
      env: { ...process.env, API_KEYS: value, HTTP_PORT: '4839', KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('accounts refuses to start');
    expect(result.stderr).toContain(message);
    if (secret) expect(result.stderr + result.stdout).not.toContain(secret);
  });
});
