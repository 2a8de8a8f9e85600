import { CUSTOMER_CHANGED, CustomerChanged, CustomerTier, ORDER_CHANGED, OrderChanged, OrderStatus, auditKey } from '@app/contracts';
import { DaprSidecar, ServiceProcess, freePort, loadInfra, uniqueName } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An app and its real daprd sidecar (started by scripts/runtime/dapr.sh) on free ports. */
export class DaprApp {
  constructor(
    readonly app: ServiceProcess,
    readonly sidecar: DaprSidecar,
  ) {}

  /** The sidecar first (its components initialise without the app), then the app, which needs it for /health. */
  async start(): Promise<void> {
    await this.sidecar.start();
    await this.app.start({ DAPR_HTTP_PORT: String(this.sidecar.httpPort) });
  }

  /** The sidecar first: while it runs it keeps HTTP connections to the app open (cron, deliveries). */
  async stop(): Promise<void> {
    await this.sidecar.stop();
    await this.app.stop();
  }
}

/**
 * Everything one test's Dapr apps share: the servers, a consumer group, a state key prefix, an audit folder,
 * and a fresh app API token (daprd sends it, the apps require it on the routes daprd calls).
 */
export function daprTestEnv(extra: Record<string, string> = {}) {
  const infra = loadInfra();
  const run = uniqueName('dapr');
  const root = join(tmpdir(), run);
  const auditDir = join(root, 'audit');
  mkdirSync(auditDir, { recursive: true });
  const env = {
    KAFKA_BROKERS: infra.kafkaBrokers,
    REDIS_HOST: infra.redisUrl.replace(/^redis:\/\//, ''),
    DAPR_CONSUMER_GROUP: run,
    DAPR_STATE_KEY_PREFIX: 'appid',
    AUDIT_STORAGE_DIR: auditDir,
    LOG_LEVEL: 'info',
    DAPR_APP_API_TOKEN: randomBytes(32).toString('hex'),
    ...extra,
  };
  /** Removes the test's folders (audit log, rendered fault components). */
  const cleanup = (): void => rmSync(root, { recursive: true, force: true });
  return { run, auditDir, env, cleanup };
}

/** An app process and its sidecar, sharing `env` (sidecar rendering variables and app config alike). */
export async function daprApp(app: 'audit' | 'loyalty', env: Record<string, string>): Promise<DaprApp> {
  const port = await freePort();
  return new DaprApp(new ServiceProcess(app, port, env), new DaprSidecar(app, port, env));
}

export const orderChanged = (o: {
  orderId: string;
  customerId: string;
  total: number;
  version?: number;
  status?: OrderStatus;
  tierAsPlaced?: CustomerTier;
}): OrderChanged => {
  const at = '2026-01-01T00:00:00.000Z';
  const version = o.version ?? 1;
  return {
    eventId: `${o.orderId}-v${version}`,
    type: ORDER_CHANGED,
    schemaVersion: 1,
    aggregateId: o.orderId,
    aggregateVersion: version,
    occurredAt: at,
    correlationId: 'test',
    payload: {
      change: version === 1 ? 'Placed' : 'StatusChanged',
      order: {
        orderId: o.orderId,
        customerId: o.customerId,
        customerName: 'Test Customer',
        customerTier: o.tierAsPlaced ?? 'Bronze',
        status: o.status ?? 'Processing',
        items: [{ productId: 'p-1', quantity: 1, unitPrice: o.total }],
        total: o.total,
        shippingAddress: { type: 'SHIPPING', address1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
        placedAt: at,
        updatedAt: at,
      },
    },
  };
};

export const customerChanged = (customerId: string, tier: CustomerTier, version = 1): CustomerChanged => ({
  eventId: `${customerId}-v${version}`,
  type: CUSTOMER_CHANGED,
  schemaVersion: 2,
  aggregateId: customerId,
  aggregateVersion: version,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'test',
  payload: {
    change: version === 1 ? 'Created' : 'Replaced',
    customer: {
      customerId,
      name: { firstName: 'Test', lastName: customerId },
      contact: {},
      addresses: [],
      creditCards: [],
      tier,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  },
});

/** Puts an order version into the audit folder as the audit service does (atomically: write, then rename). */
export function writeAuditRecord(auditDir: string, event: OrderChanged): void {
  const path = join(auditDir, auditKey(event.aggregateId, event.aggregateVersion));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(event));
  renameSync(`${path}.tmp`, path);
}

/** Audit and loyalty with their sidecars, started before the file's (or describe's) tests and stopped after them. */
export function useAuditAndLoyalty(dapr: ReturnType<typeof daprTestEnv>): { audit: () => DaprApp; loyalty: () => DaprApp } {
  let audit: DaprApp | undefined;
  let loyalty: DaprApp | undefined;
  beforeAll(async () => {
    [audit, loyalty] = await Promise.all([daprApp('audit', dapr.env), daprApp('loyalty', dapr.env)]);
    await Promise.all([audit.start(), loyalty.start()]);
  }, 900_000);
  afterAll(async () => {
    await Promise.all([audit?.stop(), loyalty?.stop()]);
    dapr.cleanup();
  });
  const started = (app: DaprApp | undefined): DaprApp => {
    if (!app) throw new Error('audit/loyalty are not started (use inside a test)');
    return app;
  };
  return { audit: () => started(audit), loyalty: () => started(loyalty) };
}
