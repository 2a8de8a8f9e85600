import { customerDocument } from '@app/testing/fixtures';
import { waitFor } from '@app/testing/wait-for';
import { CommandOutcome } from './command-outcome';

export interface ShopUrls {
  accounts: string;
  orders: string;
  catalog: string;
}

/** Writes carry X-API-Key when API_KEY is set (services started with API_KEYS guard them), as `make seed` does. */
const JSON_HEADERS: Record<string, string> = { 'content-type': 'application/json', ...(process.env.API_KEY ? { 'x-api-key': process.env.API_KEY } : {}) };

/**
 * The commands a shop sends: customers created and updated (accounts), orders placed with
 * read-your-writes on the customer (orders waits, bounded, for its replica) and some shipped (which
 * takes stock in the catalog). Every call is recorded with its outcome, never thrown.
 */
export class ShopWorkload {
  readonly productId: string;
  readonly customers: { id: string; version: number }[] = [];
  readonly placed: { id: string; version: number }[] = [];
  private next = 0;
  private created = 0;

  constructor(
    private readonly urls: ShopUrls,
    private readonly idPrefix: string,
    private readonly timeoutMs: number,
    readonly initialStock = 1_000_000,
    readonly price = 2.5,
    /** Every n-th command ships a placed order (0: never). */
    private readonly shipEvery = 0,
  ) {
    this.productId = `${idPrefix}-product`;
  }

  /** The product and a few customers, in the orders replicas before the load starts. */
  async prepare(customers = 5): Promise<void> {
    await this.must('PUT', `${this.urls.catalog}/products/${this.productId}`, { name: 'Chaos product', description: 'chaos', price: this.price, stock: this.initialStock });
    for (let i = 0; i < customers; i++) await this.must('PUT', `${this.urls.accounts}/customers/${this.newCustomerId()}`, customerDocument());
    const replicas = [`product-replicas/${this.productId}`, ...this.customers.map((c) => `customer-replicas/${c.id}`)];
    await waitFor(async () => {
      for (const path of replicas) if ((await fetch(`${this.urls.orders}/${path}?minVersion=1`)).status !== 200) return false;
      return true;
    }, { timeoutMs: 600_000, intervalMs: 500, what: 'the orders replicas to hold the chaos product and customers (a new consumer group replays the topics first)' });
    for (const c of this.customers) c.version = 1;
  }

  /** The n-th command of the load: new customer, customer update, order, or shipment, in turn. */
  command(n: number): Promise<CommandOutcome> {
    if (this.shipEvery > 0 && n % this.shipEvery === 0 && this.placed.length > 0) return this.ship(this.placed.shift()!);
    switch (n % 3) {
      case 0:
        return this.putCustomer(this.newCustomerId());
      case 1:
        return this.putCustomer(this.customers[this.next++ % this.customers.length].id);
      default: {
        // Only customers whose creation was acknowledged: an order for one still being created is a client error.
        const known = this.customers.filter((c) => c.version > 0);
        return this.placeOrder(known[this.next++ % known.length]);
      }
    }
  }

  private newCustomerId(): string {
    const id = `${this.idPrefix}-c${this.created++}`;
    this.customers.push({ id, version: 0 });
    return id;
  }

  private async putCustomer(id: string): Promise<CommandOutcome> {
    const outcome = await this.send('customer', 'PUT', `${this.urls.accounts}/customers/${id}`, customerDocument({ tier: ['Gold', 'Silver', 'Bronze'][this.next % 3] }));
    outcome.aggregateId = id;
    const known = this.customers.find((c) => c.id === id);
    if (known && outcome.version !== undefined) known.version = Math.max(known.version, outcome.version);
    return outcome;
  }

  private async placeOrder(customer: { id: string; version: number }): Promise<CommandOutcome> {
    const headers: Record<string, string> = customer.version > 0 ? { 'x-customer-min-version': String(customer.version) } : {};
    const body = { customerId: customer.id, items: [{ productId: this.productId, quantity: 1 + (this.next % 3), unitPrice: this.price }] };
    const outcome = await this.send('order', 'POST', `${this.urls.orders}/orders`, body, headers);
    if (outcome.aggregateId && outcome.version !== undefined) this.placed.push({ id: outcome.aggregateId, version: outcome.version });
    return outcome;
  }

  private async ship(order: { id: string; version: number }): Promise<CommandOutcome> {
    const outcome = await this.send('ship', 'PUT', `${this.urls.orders}/orders/${order.id}/status`, { status: 'Shipped' });
    outcome.aggregateId = order.id;
    return outcome;
  }

  private async send(op: CommandOutcome['op'], method: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<CommandOutcome> {
    const startedAt = Date.now();
    try {
      const res = await fetch(url, { method, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await res.text();
      const parsed = parse(text);
      return {
        op, status: res.status, timedOut: false, startedAt, ms: Date.now() - startedAt,
        ...(typeof parsed.code === 'string' ? { code: parsed.code } : {}),
        ...(res.ok && typeof parsed.version === 'number' ? { version: parsed.version } : {}),
        ...(res.ok && typeof parsed.orderId === 'string' ? { aggregateId: parsed.orderId } : {}),
      };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const cause = (error as { cause?: { code?: string } }).cause;
      return { op, status: 0, code: timedOut ? 'CLIENT_TIMEOUT' : (cause?.code ?? (error as Error).name), timedOut, startedAt, ms: Date.now() - startedAt };
    }
  }

  private async must(method: string, url: string, body: unknown): Promise<void> {
    const res = await fetch(url, { method, headers: JSON_HEADERS, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
