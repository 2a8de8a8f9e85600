import { OrderChanged, Topic, auditOrderFolder } from '@app/contracts';
import { REPO_ROOT, loadInfra, metricValue, testKafka, waitFor } from '@app/testing';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaprApp, daprApp, daprTestEnv, orderChanged } from './dapr-stack';

// The audit service behind a real daprd: order events arrive through Dapr pub/sub (Kafka), each version
// becomes one JSON object in the audit-store binding, and the loyalty cron binding's handshake is answered.
describe('audit through Dapr pub/sub and the output binding', () => {
  const { run, auditDir, env, cleanup } = daprTestEnv();
  let audit: DaprApp;

  beforeAll(async () => {
    audit = await daprApp('audit', env);
    await audit.start();
  }, 900_000);
  afterAll(async () => {
    await audit?.stop();
    cleanup();
  });

  it('records every order version once, however often it is delivered, and reads them back', async () => {
    const orders = Array.from({ length: 10 }, (_, i) => `${run}-order-${i}`);
    const events: OrderChanged[] = orders.flatMap((orderId, i) => [
      orderChanged({ orderId, customerId: `${run}-c`, total: 10 + i }),
      orderChanged({ orderId, customerId: `${run}-c`, total: 10 + i, version: 2, status: 'Shipped' }),
    ]);
    const producer = testKafka(loadInfra().kafkaBrokers).producer();
    await producer.connect();
    const records = events.map((e) => ({ key: e.aggregateId, value: JSON.stringify(e) }));
    // Every event twice (a producer retry, a replay), and one record that is not an event at all.
    await producer.send({ topic: Topic.OrderEvents, messages: [...records, ...records, { key: `${run}-poison`, value: 'not json' }] });
    await producer.disconnect();

    for (const orderId of orders) {
      const body = await waitFor(
        async () => {
          const res = await fetch(`${audit.app.url}/audit/orders/${orderId}`);
          const json = (await res.json()) as { versions?: { version: number; status: string }[] };
          return res.status === 200 && json.versions?.length === 2 ? json : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 500, what: `both versions of ${orderId} in the audit log` },
      );
      expect(body.versions!.map((v) => [v.version, v.status])).toEqual([
        [1, 'Processing'],
        [2, 'Shipped'],
      ]);
      expect(readdirSync(join(auditDir, auditOrderFolder(orderId))).sort()).toEqual(['v1.json', 'v2.json']);
    }
    await waitFor(async () => (await metricValue(audit.app.url, 'audit_order_events_total', { outcome: 'dead_letter' })) >= 1, {
      timeoutMs: 60_000,
      what: 'the poison record to be dropped to the dead-letter topic',
    });
    expect(await metricValue(audit.app.url, 'audit_order_events_total', { outcome: 'recorded' })).toBeGreaterThanOrEqual(events.length);
  }, 300_000);

  it('answers 404 AUDIT.NOT_FOUND for an order it never saw', async () => {
    const res = await fetch(`${audit.app.url}/audit/orders/${run}-unknown`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('AUDIT.NOT_FOUND');
  });
});

async function publishOrders(run: string, count: number): Promise<OrderChanged[]> {
  const events = Array.from({ length: count }, (_, i) => `${run}-order-${i}`).flatMap((orderId, i) => [
    orderChanged({ orderId, customerId: `${run}-c`, total: 10 + i }),
    orderChanged({ orderId, customerId: `${run}-c`, total: 10 + i, version: 2, status: 'Shipped' }),
  ]);
  const producer = testKafka(loadInfra().kafkaBrokers).producer();
  await producer.connect();
  await producer.send({ topic: Topic.OrderEvents, messages: events.map((e) => ({ key: e.aggregateId, value: JSON.stringify(e) })) });
  await producer.disconnect();
  return events;
}

/** daprd's resiliency activations of one policy kind on one target (`Binding_<name>`, `Pubsub_<name>`, `app_<id>`). */
async function resiliencyActivations(metricsUrl: string, policy: string, target: string, status?: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('dapr_resiliency_activations_total{') && l.includes(`policy="${policy}"`) && l.includes(`target="${target}"`))
    .filter((l) => status === undefined || l.includes(`status="${status}"`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

// The fault switch sends every second write to `audit-store-faulty`, a localstorage binding whose root
// holds a file named `orders` where the folder should be, so each of those writes fails inside daprd.
describe('audit when half of the binding writes fail', () => {
  const { run, auditDir, env, cleanup } = daprTestEnv();
  const resources = join(auditDir, '..', 'resources');
  const faultyRoot = join(auditDir, '..', 'faulty');
  let audit: DaprApp;

  beforeAll(async () => {
    mkdirSync(resources, { recursive: true });
    mkdirSync(faultyRoot, { recursive: true });
    writeFileSync(join(faultyRoot, 'orders'), 'a file where the folder should be');
    const components = join(REPO_ROOT, 'dapr', 'components');
    for (const f of readdirSync(components)) writeFileSync(join(resources, f), readFileSync(join(components, f)));
    writeFileSync(
      join(resources, 'audit-store-faulty.yaml'),
      readFileSync(join(components, 'audit-store.yaml'), 'utf8').replace('name: audit-store', 'name: audit-store-faulty').replace('envRef: AUDIT_STORAGE_DIR', `value: "${faultyRoot}"`),
    );
    // The production policies for audit-store (dapr/resiliency.yaml), applied to the faulty binding too.
    writeFileSync(
      join(resources, 'resiliency-faulty.yaml'),
      [
        'apiVersion: dapr.io/v1alpha1',
        'kind: Resiliency',
        'metadata: { name: faulty-binding }',
        'spec:',
        '  policies:',
        '    timeouts: { storage: 5s }',
        '    retries: { storageWrites: { policy: exponential, initialInterval: 50ms, maxInterval: 1s, maxRetries: 10 } }',
        '    circuitBreakers: { component: { maxRequests: 1, interval: 0s, timeout: 10s, trip: consecutiveFailures >= 5 } }',
        '  targets:',
        '    components:',
        '      audit-store-faulty: { outbound: { timeout: storage, retry: storageWrites, circuitBreaker: component } }',
      ].join('\n'),
    );
    audit = await daprApp('audit', { ...env, DAPR_RESOURCES_DIR: resources, AUDIT_FAULT_BINDING: 'audit-store-faulty', AUDIT_FAULT_EVERY: '2' });
    await audit.start();
  }, 900_000);
  afterAll(async () => {
    await audit?.stop();
    cleanup();
  });

  it('loses no record: failed writes are retried by daprd, then redelivered, and the open breaker shows in its metrics', async () => {
    const events = await publishOrders(run, 10);
    await waitFor(
      () => events.every((e) => readdirSync(join(auditDir, auditOrderFolder(e.aggregateId)), { withFileTypes: true }).some((d) => d.name === `v${e.aggregateVersion}.json`)),
      { timeoutMs: 600_000, intervalMs: 1000, what: `all ${events.length} order versions in the audit log` },
    );
    for (const e of events) {
      const res = await fetch(`${audit.app.url}/audit/orders/${e.aggregateId}`);
      expect(((await res.json()) as { versions: unknown[] }).versions).toHaveLength(2);
    }
    expect(await metricValue(audit.app.url, 'audit_order_events_total', { outcome: 'retry' })).toBeGreaterThan(0);
    const metrics = audit.sidecar.metricsUrl;
    expect(await resiliencyActivations(metrics, 'retry', 'Binding_audit-store-faulty')).toBeGreaterThan(0);
    expect(await resiliencyActivations(metrics, 'circuitbreaker', 'Binding_audit-store-faulty', 'open')).toBeGreaterThan(0);
    // Redeliveries of what failed, under the pubsub inbound policy.
    expect(await resiliencyActivations(metrics, 'retry', 'Pubsub_pubsub')).toBeGreaterThan(0);
    // The healthy binding never failed: no breaker opened there.
    expect(await resiliencyActivations(metrics, 'circuitbreaker', 'Binding_audit-store', 'open')).toBe(0);
  }, 660_000);
});

describe('loyalty cron binding', () => {
  const { env, cleanup } = daprTestEnv({ LOYALTY_CRON_SCHEDULE: '@every 1s' });
  let loyalty: DaprApp;

  beforeAll(async () => {
    loyalty = await daprApp('loyalty', env);
    await loyalty.start();
  }, 900_000);
  afterAll(async () => {
    await loyalty?.stop();
    cleanup();
  });

  it("answers daprd's OPTIONS handshake with a 2xx, and daprd then triggers runs", async () => {
    const handshake = await fetch(`${loyalty.app.url}/loyalty-cron`, { method: 'OPTIONS' });
    expect(handshake.status).toBeGreaterThanOrEqual(200);
    expect(handshake.status).toBeLessThan(300);
    await waitFor(async () => (await metricValue(loyalty.app.url, 'loyalty_runs_total', { outcome: 'completed' })) >= 2, {
      timeoutMs: 60_000,
      what: 'two runs triggered by the cron binding',
    });
    // daprd counts the input binding events it delivered to the app.
    expect(await loyalty.sidecar.metric('dapr_component_input_binding_count', { component: 'loyalty-cron', success: 'true' })).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
