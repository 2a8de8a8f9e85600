import { Topic } from '@app/contracts';
import { REPO_ROOT, loadInfra, metricValue, testKafka, uniqueName, waitFor } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { customerChanged, daprTestEnv, orderChanged, useAuditAndLoyalty } from './dapr-stack';
import { http } from './stack';

// The routes only daprd calls (pub/sub deliveries, the cron binding) need the app API token daprd sends
// in `dapr-api-token`: audit and loyalty run behind real daprd sidecars started with APP_API_TOKEN, and a
// caller that is not the sidecar — no token, a wrong one, an API key — gets 401 and changes nothing, while
// the same kind of event through Kafka and daprd is taken.
const dapr = daprTestEnv({ LOYALTY_CRON_SCHEDULE: '@every 1s' });
const apps = useAuditAndLoyalty(dapr);
const OTHER_TOKEN = randomBytes(32).toString('hex');

/** A delivery as daprd posts it for a rawPayload subscription: the record's bytes in data_base64. */
const cloudEvent = (topic: string, value: unknown) => ({
  specversion: '1.0',
  id: uniqueName('forged'),
  source: 'somebody-else',
  type: 'com.dapr.event.sent',
  topic,
  pubsubname: 'pubsub',
  datacontenttype: 'application/octet-stream',
  data_base64: Buffer.from(JSON.stringify(value)).toString('base64'),
});

/** Posts a forged delivery without a token and with wrong ones: each is a 401 problem with the right code. */
async function expectRefused(url: string, body: unknown): Promise<void> {
  const headers = { 'content-type': 'application/cloudevents+json' };
  const missing = await http('POST', url, body, headers);
  expect(missing.status).toBe(401);
  expect(missing.headers.get('content-type')).toContain('application/problem+json');
  expect(missing.body).toMatchObject({ status: 401, code: 'AUTH.DAPR_TOKEN_MISSING' });
  for (const wrong of [OTHER_TOKEN, dapr.env.DAPR_APP_API_TOKEN.slice(1), `${dapr.env.DAPR_APP_API_TOKEN}0`, 'x']) {
    const res = await http('POST', url, body, { ...headers, 'dapr-api-token': wrong });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.DAPR_TOKEN_INVALID' });
    expect(JSON.stringify(res.body)).not.toContain(dapr.env.DAPR_APP_API_TOKEN);
  }
  // An API key is not the sidecar's token.
  expect((await http('POST', url, body, { ...headers, 'x-api-key': dapr.env.DAPR_APP_API_TOKEN })).body.code).toBe('AUTH.DAPR_TOKEN_MISSING');
}

async function produce(topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
  const producer = testKafka(loadInfra().kafkaBrokers).producer();
  await producer.connect();
  await producer.send({ topic, messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })) });
  await producer.disconnect();
}

describe('the routes daprd calls take requests from the sidecar only (app API token)', () => {
  it('audit: a forged OrderChanged delivery is refused with 401 and writes nothing; the real one through daprd is recorded', async () => {
    const orderId = `${dapr.run}-forged-order`;
    const event = orderChanged({ orderId, customerId: `${dapr.run}-c`, total: 1_000_000 });
    await expectRefused(`${apps.audit().app.url}/dapr/order-events`, cloudEvent(Topic.OrderEvents, event));
    // The guard refuses before the handler runs, so the forged order is not there once the 401 came back.
    // (audit_order_events_total cannot show it: audit's new group is still reading earlier tests' orders.)
    expect((await http('GET', `${apps.audit().app.url}/audit/orders/${orderId}`)).status).toBe(404);

    await produce(Topic.OrderEvents, [{ key: orderId, value: event }]);
    const audited = await waitFor(
      async () => {
        const res = await http('GET', `${apps.audit().app.url}/audit/orders/${orderId}`);
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the order delivered by daprd in the audit log' },
    );
    expect(audited.versions).toHaveLength(1);
  }, 180_000);

  it("loyalty: a forged CustomerChanged at version 999999999999 is refused and freezes nothing: the customer's real events set the tier", async () => {
    const customerId = `${dapr.run}-forged-customer`;
    const tierState = `${apps.loyalty().sidecar.url}/v1.0/state/statestore/tier:${customerId}`;
    await expectRefused(`${apps.loyalty().app.url}/dapr/customer-changes`, cloudEvent(Topic.CustomerChange, customerChanged(customerId, 'Gold', 999_999_999_999)));
    expect((await fetch(tierState)).status).toBe(204);

    await produce(Topic.CustomerChange, [
      { key: customerId, value: customerChanged(customerId, 'Bronze', 1) },
      { key: customerId, value: customerChanged(customerId, 'Silver', 2) },
    ]);
    const replica = await waitFor(
      async () => {
        const res = await fetch(tierState);
        const body = res.status === 200 ? ((await res.json()) as { tier: string; version: number }) : undefined;
        return body?.version === 2 ? body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'both real customer events applied to the tier replica' },
    );
    expect(replica).toMatchObject({ tier: 'Silver', version: 2 });
  }, 180_000);

  it("loyalty: a forged cron tick is refused with 401; daprd's ticks, carrying the token, run the job", async () => {
    await expectRefused(`${apps.loyalty().app.url}/loyalty-cron`, {});
    const runs = () => metricValue(apps.loyalty().app.url, 'loyalty_runs_total', { outcome: 'completed' });
    const before = await runs();
    await waitFor(async () => (await runs()) >= before + 2, { timeoutMs: 60_000, what: 'two more runs triggered by the cron binding' });
    expect(await apps.loyalty().sidecar.metric('dapr_component_input_binding_count', { component: 'loyalty-cron', success: 'true' })).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('the OpenAPI documents put the dapr-api-token scheme and a 401 on every route daprd calls, and on no other', async () => {
    type Op = { security?: unknown; responses?: Record<string, unknown>; 'x-called-by-dapr'?: boolean };
    let marked = 0;
    for (const app of [apps.audit().app, apps.loyalty().app]) {
      const doc = (await http('GET', `${app.url}/docs-json`)).body as { paths: Record<string, Record<string, Op>>; components?: { securitySchemes?: Record<string, unknown> } };
      expect(doc.components?.securitySchemes?.['dapr-api-token']).toEqual({ type: 'apiKey', in: 'header', name: 'dapr-api-token' });
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const daprOnly = op['x-called-by-dapr'] === true;
          if (daprOnly) marked++;
          expect({ path, method, security: op.security, has401: '401' in (op.responses ?? {}) }).toEqual({
            path,
            method,
            security: daprOnly ? [{ 'dapr-api-token': [] }] : undefined,
            has401: daprOnly,
          });
        }
      }
    }
    // audit's POST /dapr/order-events, loyalty's POST /dapr/customer-changes and POST /loyalty-cron.
    expect(marked).toBe(3);
  });
});

describe('a Dapr app reachable from other machines does not start without the token', () => {
  it.each([
    ['unset', ''],
    ['too short', 'short-token-1234'],
  ])('DAPR_APP_API_TOKEN %s with HTTP_HOST=0.0.0.0: exit 78 with a clear message that does not print it', (_what, token) => {
    const infra = loadInfra();
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'apps', 'loyalty', 'src', 'main.js')], {
      env: { ...process.env, HTTP_HOST: '0.0.0.0', HTTP_PORT: '4849', DAPR_APP_API_TOKEN: token, KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('loyalty refuses to start');
    expect(result.stderr).toContain(token ? 'DAPR_APP_API_TOKEN must be at least 32 characters' : 'DAPR_APP_API_TOKEN is required when HTTP_HOST (0.0.0.0) is not a loopback address');
    if (token) expect(result.stderr + result.stdout).not.toContain(token);
  });
});
