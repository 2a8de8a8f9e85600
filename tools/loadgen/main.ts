import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { PathName, PathTally, customerIds, emptyTally, record } from './load-plan';

/**
 * Places orders for 10 customers through two paths at once — the orders service directly, and its Dapr
 * sidecar by service invocation (under dapr/resiliency.yaml's `orders` policy: timeout, exponential
 * retries, circuit breaker) — while `--restart` restarts orders; then prints what succeeded on each path.
 */
interface Options {
  accounts: string;
  catalog: string;
  orders: string;
  dapr: string;
  durationMs: string;
  concurrency: string;
  restartAfterMs: string;
  restart?: string;
}

const json = { 'content-type': 'application/json' };

async function put(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'PUT', headers: json, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`PUT ${url} → ${res.status}: ${await res.text()}`);
}

async function given(o: Options, run: string): Promise<{ customers: string[]; productId: string }> {
  const customers = customerIds(run);
  const productId = `${run}-product`;
  await put(`${o.catalog}/products/${productId}`, { name: 'Load test product', description: 'loadgen', price: 2.5, stock: 1_000_000 });
  for (const id of customers) {
    await put(`${o.accounts}/customers/${id}`, {
      name: { firstName: 'Load', lastName: id },
      contact: { email: `${id}@example.com` },
      addresses: [{ type: 'SHIPPING', address1: '1 Load St', city: 'Springfield', state: 'IL', postalCode: '62701' }],
      creditCards: [],
    });
  }
  // Read-your-writes: the orders replicas have every customer and the product before the load starts.
  for (const path of [...customers.map((c) => `customer-replicas/${c}`), `product-replicas/${productId}`]) {
    const res = await fetch(`${o.orders}/${path}?minVersion=1`);
    if (res.status !== 200) throw new Error(`orders never saw ${path} (${res.status})`);
  }
  return { customers, productId };
}

async function placeOrder(base: string, customerId: string, productId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const res = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ customerId, items: [{ productId, quantity: 1 }] }),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status === 201 ? { ok: true } : { ok: false, reason: `HTTP ${res.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, reason: cause?.code ?? (error as Error).name };
  }
}

function restartLater(command: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      process.stdout.write(`[loadgen] restarting orders: ${command}\n`);
      const child = spawn('bash', ['-c', command], { stdio: 'inherit' });
      child.once('exit', (code) => {
        process.stdout.write(`[loadgen] restart finished (exit ${code})\n`);
        resolve();
      });
    }, afterMs);
  });
}

async function main(o: Options): Promise<void> {
  const run = `load-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const { customers, productId } = await given(o, run);
  const bases: Record<PathName, string> = { direct: o.orders, dapr: `${o.dapr}/v1.0/invoke/orders/method` };
  const tallies: Record<PathName, PathTally> = { direct: emptyTally(), dapr: emptyTally() };
  const deadline = Date.now() + Number(o.durationMs);
  let next = 0;
  const worker = async (path: PathName): Promise<void> => {
    while (Date.now() < deadline) record(tallies[path], await placeOrder(bases[path], customers[next++ % customers.length], productId));
  };
  const workers = (['direct', 'dapr'] as const).flatMap((path) => Array.from({ length: Number(o.concurrency) }, () => worker(path)));
  await Promise.all([...workers, ...(o.restart ? [restartLater(o.restart, Number(o.restartAfterMs))] : [])]);
  process.stdout.write(`\n[loadgen] ${o.durationMs} ms, ${o.concurrency} concurrent requests per path, customers ${customers[0]}…9\n`);
  console.table(Object.fromEntries(Object.entries(tallies).map(([path, t]) => [path, { succeeded: t.ok, failed: t.failed, reasons: JSON.stringify(t.reasons) }])));
}

new Command('loadgen')
  .description('Orders for 10 customers, directly and through the Dapr sidecar, while orders restarts')
  .addOption(new Option('--accounts <url>').env('ACCOUNTS_URL').default('http://127.0.0.1:3001'))
  .addOption(new Option('--catalog <url>').env('CATALOG_URL').default('http://127.0.0.1:3003'))
  .addOption(new Option('--orders <url>').env('ORDERS_URL').default('http://127.0.0.1:3002'))
  .addOption(new Option('--dapr <url>', "a sidecar's HTTP API to invoke app id `orders` through").env('LOADGEN_DAPR_URL').default('http://127.0.0.1:3509'))
  .addOption(new Option('--duration-ms <n>').env('LOADGEN_DURATION_MS').default('30000'))
  .addOption(new Option('--concurrency <n>', 'concurrent requests per path').env('LOADGEN_CONCURRENCY').default('4'))
  .addOption(new Option('--restart-after-ms <n>').env('LOADGEN_RESTART_AFTER_MS').default('10000'))
  .addOption(new Option('--restart <command>', 'shell command that restarts (or breaks for a while) orders').env('LOADGEN_RESTART'))
  .action(main)
  .parseAsync()
  .catch((error: unknown) => {
    process.stderr.write(`loadgen failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
