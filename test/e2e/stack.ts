import { loadInfra, ServiceProcess, uniqueName } from '@app/testing';

/** Accounts and orders as real processes on their own databases and consumer group. */
export function e2eStack(portBase: number) {
  const infra = loadInfra();
  const common = { KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'info', OUTBOX_POLL_INTERVAL_MS: '200' };
  const run = uniqueName('e2e').replace(/-/g, '_');
  const accountsDb = `accounts_${run}`;
  const ordersDb = `orders_${run}`;
  const accounts = new ServiceProcess('accounts', portBase, { ...common, MONGO_DB: accountsDb });
  const orders = new ServiceProcess('orders', portBase + 1, { ...common, MONGO_DB: ordersDb, KAFKA_GROUP_ID: `orders_${run}` });
  return { infra, accounts, orders, accountsDb, ordersDb };
}

/** The stack, started before the file's tests and stopped after them. */
export function useRunningStack(portBase: number) {
  const stack = e2eStack(portBase);
  beforeAll(async () => {
    await Promise.all([stack.accounts.start(), stack.orders.start()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stack.accounts.stop(), stack.orders.stop()]);
  });
  return stack;
}

export async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: responses are inspected loosely
  return { status: res.status, headers: res.headers, body: json as any };
}
