import { Topic } from '@app/contracts';
import { REPO_ROOT, customerDocument, loadInfra, metricValue, testKafka, uniqueName, waitFor } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { customerChanged, daprTestEnv, orderChanged, useAuditAndLoyalty } from './dapr-stack';
import { e2eStack, http } from './stack';

// The optional API-key guard, with real service processes: configured (two keys, as during a rotation),
// every documented operation — reads of personal data and event payloads too — needs X-API-Key, but
// health, metrics and docs (API_OPEN_PATHS); the routes daprd calls keep working; not configured, the
// API is open; a bad key list or open-path list stops the service at boot.
const OLD_KEY = `old-${'k'.repeat(40)}`;
const NEW_KEY = `new-${'n'.repeat(40)}`;
const API_KEYS = `${OLD_KEY},${NEW_KEY}`;
const product = { name: 'Key test', description: 'api key', price: 3, stock: 10 };

type Doc = { paths: Record<string, Record<string, { security?: unknown; 'x-called-by-dapr'?: boolean }>>; components?: { securitySchemes?: Record<string, unknown> } };
const WRITES = ['post', 'put', 'patch', 'delete'];
const OPEN = ['/health', '/metrics', '/docs', '/docs-json'];
const isOpen = (path: string): boolean => OPEN.some((p) => path === p || path.startsWith(`${p}/`));
const KEY = { 'X-API-Key': NEW_KEY };

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
  const services = [stack.accounts, stack.orders, stack.catalog, stack.streams];
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
    expect((await http('GET', `${stack.accounts.url}/customers/${id}`, undefined, KEY)).status).toBe(404);
  });

  it('either configured key is accepted (rotation); health, metrics and docs stay open without one', async () => {
    const id = uniqueName('key');
    expect((await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument(), { 'X-API-Key': OLD_KEY })).status).toBe(201);
    expect((await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument({ tier: 'Silver' }), { 'x-api-key': NEW_KEY })).status).toBe(200);
    expect((await http('GET', `${stack.accounts.url}/customers/${id}`, undefined, { 'X-API-Key': OLD_KEY })).body).toMatchObject({ version: 2, tier: 'Silver' });
    for (const service of services) {
      for (const path of ['/health', '/health/live', '/metrics', '/docs-json']) {
        expect({ service: service.app, path, status: (await http('GET', `${service.url}${path}`)).status }).toEqual({ service: service.app, path, status: 200 });
      }
      expect((await fetch(`${service.url}/docs`)).status).toBe(200);
    }
  });

  it("reads of personal data and event payloads: 401 AUTH.API_KEY_MISSING without a key, AUTH.API_KEY_INVALID with a wrong one, answered with one", async () => {
    const id = uniqueName('key');
    const created = await http('PUT', `${stack.accounts.url}/customers/${id}`, customerDocument(), KEY);
    expect(created.status).toBe(201);
    // With the key, what the route answers: the replica has the customer once orders' fresh consumer group
    // has replayed the shared topic (minutes on a busy machine), so 404 until then — past the guard either way.
    const reads: [string, number[]][] = [
      [`${stack.accounts.url}/customers/${id}`, [200]],
      [`${stack.accounts.url}/customers`, [200]],
      [`${stack.orders.url}/customer-replicas/${id}`, [200, 404]],
      [`${stack.orders.url}/orders`, [200]],
      [`${stack.streams.url}/streams/${id}/events`, [200]],
    ];
    for (const [url, answers] of reads) {
      const missing = await http('GET', url);
      expect({ url, status: missing.status, type: missing.headers.get('content-type'), code: missing.body.code }).toEqual({
        url,
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        code: 'AUTH.API_KEY_MISSING',
      });
      expect(Object.keys(missing.body).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
      const wrong = await http('GET', url, undefined, { 'X-API-Key': `${OLD_KEY}x` });
      expect({ url, status: wrong.status, code: wrong.body.code }).toEqual({ url, status: 401, code: 'AUTH.API_KEY_INVALID' });
      const withKey = await http('GET', url, undefined, { 'X-API-Key': OLD_KEY });
      expect({ url, answered: answers.includes(withKey.status), code: withKey.body?.code }).toEqual({ url, answered: true, code: withKey.status === 404 ? 'CUSTOMER_REPLICA.NOT_FOUND' : undefined });
    }
    expect((await http('GET', `${stack.accounts.url}/customers/${id}`, undefined, KEY)).body).toMatchObject({ customerId: id, version: 1 });
    // A differently spelled path is no way around it: Express routes it case-insensitively, the open prefixes are not.
    expect((await http('GET', `${stack.accounts.url}/CUSTOMERS/${id}`)).status).toBe(401);
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
    expect((await http('GET', `${stack.catalog.url}/products/${productId}`)).status).toBe(401);
    expect((await http('GET', `${stack.catalog.url}/products/${productId}`, undefined, KEY)).body).toMatchObject({ stock: 11 });
    // orders: refused before anything is looked up; with the key it reaches the domain (unknown customer: 422).
    expect((await http('POST', `${stack.orders.url}/orders`, { customerId: 'nobody', items: [{ productId, quantity: 1 }] })).status).toBe(401);
    expect((await http('POST', `${stack.orders.url}/orders`, { customerId: 'nobody', items: [{ productId, quantity: 1 }] }, { 'X-API-Key': NEW_KEY })).status).toBe(422);
  });

  it('every operation the OpenAPI documents outside the open paths needs the key and says so (security scheme api-key, header X-API-Key)', async () => {
    let writes = 0;
    let reads = 0;
    for (const service of services) {
      const doc = (await http('GET', `${service.url}/docs-json`)).body as Doc;
      expect(doc.components?.securitySchemes).toEqual({ 'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' } });
      for (const { method, path, security } of await documentedWrites(service.url)) {
        expect({ method, path, security }).toEqual({ method, path, security: [{ 'api-key': [] }] });
        const res = await http(method, `${service.url}${path}`, {});
        expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 401, code: 'AUTH.API_KEY_MISSING' });
        writes++;
      }
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!item.get) continue;
        if (isOpen(path)) {
          expect({ path, security: item.get.security }).toEqual({ path, security: undefined });
          continue;
        }
        expect({ path, security: item.get.security }).toEqual({ path, security: [{ 'api-key': [] }] });
        const res = await http('GET', `${service.url}${path.replace(/\{\w+\}/g, 'x-1')}`);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 401, code: 'AUTH.API_KEY_MISSING' });
        reads++;
      }
    }
    expect(writes).toBeGreaterThanOrEqual(6);
    expect(reads).toBeGreaterThanOrEqual(10);
  });
});

describe('with API_KEYS set and API_OPEN_PATHS=/health', () => {
  const stack = e2eStack();
  beforeAll(() => stack.catalog.start({ API_KEYS, API_OPEN_PATHS: '/health' }), 120_000);
  afterAll(() => stack.catalog.stop());

  it('only the probes stay open: metrics and the API document (served outside Nest) need the key too', async () => {
    expect((await http('GET', `${stack.catalog.url}/health/live`)).status).toBe(200);
    for (const path of ['/metrics', '/docs-json', '/docs/', '/products']) {
      const res = await http('GET', `${stack.catalog.url}${path}`);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 401, code: 'AUTH.API_KEY_MISSING' });
      expect({ path, status: (await http('GET', `${stack.catalog.url}${path}`, undefined, KEY)).status }).toEqual({ path, status: 200 });
    }
    const doc = (await http('GET', `${stack.catalog.url}/docs-json`, undefined, KEY)).body as Doc;
    expect(doc.paths['/health/live'].get.security).toBeUndefined();
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
        const res = await http('GET', `${apps.audit().app.url}/audit/orders/${orderId}`, undefined, KEY);
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
        const res = await http('GET', `${apps.loyalty().app.url}/loyalty/${customerId}`, undefined, KEY);
        return res.status === 200 && res.body.awardedOrders === 1 ? res.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the order awarded by a cron run' },
    );
    expect(points).toMatchObject({ points: 25, tier: 'Gold' });
    // The audit log (order payloads) and the balances are reads of personal data: not without a key.
    for (const url of [`${apps.audit().app.url}/audit/orders/${orderId}`, `${apps.loyalty().app.url}/loyalty/${customerId}`]) {
      expect({ url, body: (await http('GET', url)).body }).toMatchObject({ url, body: { status: 401, code: 'AUTH.API_KEY_MISSING' } });
    }
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

describe('a bad API_KEYS or API_OPEN_PATHS stops the service at boot', () => {
  it.each([
    ['a key under 32 characters', { API_KEYS: `${NEW_KEY},short-secret-1` }, 'API_KEYS: every key must be at least 32 characters', 'short-secret-1'],
    ['a key with a space', { API_KEYS: `${NEW_KEY.slice(0, 20)} ${NEW_KEY}` }, 'API_KEYS: keys are printable ASCII without spaces', NEW_KEY],
    ['a list of nothing', { API_KEYS: ' , ' }, 'API_KEYS must list at least one key when set', undefined],
    ['an open path that is no prefix', { API_KEYS: NEW_KEY, API_OPEN_PATHS: '/health,/' }, 'API_OPEN_PATHS: every prefix is a path such as /health', NEW_KEY],
  ])('%s: exit 78 with a clear message that does not print the key', (_what, settings, message, secret) => {
    const infra = loadInfra();
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'apps', 'accounts', 'src', 'main.js')], {
      env: { ...process.env, ...settings, HTTP_PORT: '4839', KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('accounts refuses to start');
    expect(result.stderr).toContain(message);
    if (secret) expect(result.stderr + result.stdout).not.toContain(secret);
  });
});
