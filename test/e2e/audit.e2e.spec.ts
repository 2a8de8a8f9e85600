import { OrderChanged, Topic, auditOrderFolder } from '@app/contracts';
import { loadInfra, metricValue, testKafka, waitFor } from '@app/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DaprApp, daprApp, daprTestEnv, orderChanged } from './dapr-stack';

// The audit service behind a real daprd: order events arrive through Dapr pub/sub (Kafka), each version
// becomes one JSON object in the audit-store binding, and the loyalty cron binding's handshake is answered.
describe('audit through Dapr pub/sub and the output binding', () => {
  const { run, auditDir, env } = daprTestEnv();
  let audit: DaprApp;

  beforeAll(async () => {
    audit = await daprApp('audit', env);
    await audit.start();
  }, 900_000);
  afterAll(async () => {
    await audit?.stop();
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

describe('loyalty cron binding', () => {
  const { env } = daprTestEnv({ LOYALTY_CRON_SCHEDULE: '@every 1s' });
  let loyalty: DaprApp;

  beforeAll(async () => {
    loyalty = await daprApp('loyalty', env);
    await loyalty.start();
  }, 900_000);
  afterAll(async () => {
    await loyalty?.stop();
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
