import { Topic } from '@app/contracts';
import { loadInfra, ServiceProcess, testKafka, uniqueName, waitForGroupCaughtUp } from '@app/testing';


/** Accounts, orders, catalog and the stream processor as real processes on their own databases, groups and free ports. */
export function e2eStack() {
  const infra = loadInfra();
  const common = { KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'info', OUTBOX_POLL_INTERVAL_MS: '200' };
  const run = uniqueName('e2e').replace(/-/g, '_');
  const accountsDb = `accounts_${run}`;
  const ordersDb = `orders_${run}`;
  const ordersGroup = `orders_${run}`;
  const catalogGroup = `catalog_${run}`;
  const accounts = new ServiceProcess('accounts', undefined, { ...common, MONGO_DB: accountsDb });
  const orders = new ServiceProcess('orders', undefined, { ...common, MONGO_DB: ordersDb, KAFKA_GROUP_ID: ordersGroup });
  const catalogDb = `catalog_${run}`;
  const catalog = new ServiceProcess('catalog', undefined, { ...common, MONGO_DB: catalogDb, KAFKA_GROUP_ID: catalogGroup });
  const streamsDb = `streams_${run}`;
  const streamsGroup = `streams_${run}`;
  const streams = new ServiceProcess('stream-processor', undefined, {
    ...common,
    MONGO_DB: streamsDb,
    KAFKA_GROUP_ID: streamsGroup,
    LAG_INTERVAL_MS: '500',
    TIMER_INTERVAL_MS: '200',
  });
  const kafka = testKafka(infra.kafkaBrokers);
  /** The orders and catalog consumers have replayed what the topics held when they started. */
  const replayed = {
    orders: () => waitForGroupCaughtUp(kafka, ordersGroup, [Topic.CustomerChange, Topic.ProductEvents]),
    catalog: () => waitForGroupCaughtUp(kafka, catalogGroup, [Topic.OrderEvents]),
  };
  return { infra, accounts, orders, catalog, streams, accountsDb, ordersDb, ordersGroup, catalogDb, catalogGroup, streamsDb, streamsGroup, replayed };
}

/** The stack, started before the file's tests and stopped after them (the stream processor only if asked, with extra env). */
export function useRunningStack(options: { streams?: Record<string, string> } = {}) {
  const stack = e2eStack();
  const all = [stack.accounts, stack.orders, stack.catalog, ...(options.streams ? [stack.streams] : [])];
  beforeAll(async () => {
    await Promise.all(all.map((s) => (s === stack.streams ? s.start(options.streams) : s.start())));
    await Promise.all([stack.replayed.orders(), stack.replayed.catalog()]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all(all.map((s) => s.stop()));
  });
  return stack;
}

/** Creates products in the catalog and waits until the orders replica has them (read-your-writes). */
export async function givenProducts(stack: ReturnType<typeof e2eStack>, products: { id: string; price: number; stock?: number }[]) {
  for (const p of products) {
    const res = await http('PUT', `${stack.catalog.url}/products/${p.id}`, { name: `Product ${p.id}`, description: 'e2e', price: p.price, stock: p.stock ?? 100 });
    if (res.status >= 300) throw new Error(`could not create product ${p.id}: ${JSON.stringify(res.body)}`);
    const replica = await http('GET', `${stack.orders.url}/product-replicas/${p.id}?minVersion=${res.body.version}`);
    if (replica.status !== 200) throw new Error(`orders never saw product ${p.id}`);
  }
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
