import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { customerDocument, metricValue, REPO_ROOT, uniqueName, waitFor } from '@app/testing';
import { http, useRunningStack } from './stack';

/**
 * The live dashboard in real (headless) Chromium: each panel changes without a reload when a command
 * goes through the services' HTTP API; every page is served by one shared server-side feed, and the
 * streams are bounded. Chromium is Debian's package (scripts/ensure-chromium.sh), not Playwright's download.
 */
const DELAY_MS = 2000;
const MAX_STREAMS = 3;
const stack = useRunningStack();
const { accounts, orders, catalog, streams } = stack;
// Started once the other services have replayed the topics: its own replay competes with theirs for the database.
beforeAll(() => streams.start({ DELAYED_ORDER_AFTER_MS: String(DELAY_MS), DASHBOARD_MAX_STREAMS: String(MAX_STREAMS) }), 120_000);
afterAll(() => streams.stop());

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long a change may take to reach the page: the whole pipeline (outbox, topics, views) on a busy machine. */
const UI_TIMEOUT_MS = 60_000;
const REPLAY_TIMEOUT_MS = 180_000;
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'dashboard.png');

/**
 * The catalogue panel lists the first 200 products by id, and the stream processor replays every product
 * the topics ever saw: an id that sorts before all others (and before earlier runs' ids) stays listed.
 */
const firstListedId = (prefix: string) => `0${prefix}-${(Number.MAX_SAFE_INTEGER - Date.now()).toString(36)}-${randomBytes(3).toString('hex')}`;

/** Auto-waits until the element's whole text is `text`. */
const waitForText = (locator: Locator, text: string, timeout = UI_TIMEOUT_MS) =>
  locator.filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).waitFor({ state: 'visible', timeout });
const row = (page: Page, panel: string, id: string) => page.locator(`#${panel} tr[data-id="${id}"]`);
const note = (page: Page, productId: string, type: string) => page.locator(`#notifications li[data-product-id="${productId}"][data-type="${type}"]`);
const patchStock = async (id: string, delta: number) => expect((await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta })).status).toBeLessThan(300);
const openStreams = () => metricValue(streams.url, 'stream_dashboard_streams');

/** The product in the catalogue view, then both views caught up: what is timed after is the live path alone. */
async function waitForViews(productId: string, stock: number) {
  await waitFor(async () => (await http('GET', `${streams.url}/catalogue/${productId}`)).body?.stock === stock, {
    what: 'the product in the catalogue view',
    timeoutMs: REPLAY_TIMEOUT_MS,
    intervalMs: 250,
  });
  await waitForCaughtUp(['catalogue', 'alerts']);
}

/** The views have applied everything (lag measured after now). */
async function waitForCaughtUp(views: string[]) {
  const seen = new Date().toISOString();
  await waitFor(async () => {
    const lags = (await http('GET', `${streams.url}/health`)).body.info?.views;
    return views.every((v) => lags?.[v]?.lag === 0 && lags[v].lagMeasuredAt > seen);
  }, { what: `the ${views.join(' and ')} views to catch up`, timeoutMs: REPLAY_TIMEOUT_MS, intervalMs: 250 });
}

describe('stream processor: live dashboard in a browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  const pageErrors: string[] = [];
  let navigations = 0;
  let productId = '';

  // Inside the describe, so the browsers (and their open event streams) are gone before the file-level
  // afterAll stops the stream processor.
  beforeAll(async () => {
    rmSync(SCREENSHOT, { force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, timeout: 30_000 });
    page = await newPage();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A page in a browser context of its own: its own connection, as a second browser would have. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 960 } });
    contexts.push(context);
    const p = await context.newPage();
    p.on('pageerror', (err) => pageErrors.push(err.message));
    return p;
  }

  it('serves the page as HTML that loads nothing from elsewhere', async () => {
    const res = await http('GET', `${streams.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html\b/);
    expect(res.body).not.toMatch(/\b(src|href)="(?!data:)|https?:\/\/|@import/);
  });

  it('shows a stock change in the catalogue, the stock panels and the notifications feed, live', async () => {
    productId = firstListedId('dash');
    const id = productId;
    const created = await http('PUT', `${catalog.url}/products/${id}`, { name: 'Dashboard Loom', description: 'e2e browser', price: 42, stock: 30 });
    expect(created.status).toBeLessThan(300);
    await waitForViews(id, 30);
    // The notifications consumer has its partitions: every stock event from here on reaches it.
    await waitFor(async () => (await http('GET', `${streams.url}/dashboard/snapshot`)).body?.notifications?.since, { what: 'the notifications feed to listen' });

    const response = await page.goto(`${streams.url}/dashboard`, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(200);
    const product = row(page, 'catalogue', id);
    const critical = row(page, 'criticalStock', `critical-stock:${id}`);
    const low = row(page, 'lowStock', `low-stock:${id}`);
    await waitForText(product.locator('td.stock'), '30');
    await page.locator('#status.live').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.locator('.lag[data-view="catalogue"].ok').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await critical.count()).toBe(0);
    expect(await product.getAttribute('data-changed')).toBe('');

    const marker = randomBytes(8).toString('hex');
    await page.evaluate((m) => {
      (globalThis as unknown as { __marker?: string }).__marker = m;
    }, marker);
    const navigationsBefore = navigations;

    await patchStock(id, -27); // 3: Critical
    await waitForText(critical.locator('td.stock'), '3');
    await waitForText(critical.locator('td.name'), 'Dashboard Loom');
    await waitForText(product.locator('td.stock'), '3');
    await waitForText(product.locator('td.level'), 'Critical');
    await note(page, id, 'CriticalStock').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Marked with the panel version that changed it (the flash): the row changed, it was not just there.
    expect(Number(await product.getAttribute('data-changed'))).toBeGreaterThan(0);
    expect(Number(await page.locator('#criticalStock .count').textContent())).toBeGreaterThanOrEqual(1);

    await patchStock(id, 12); // 15: Low
    await waitForText(low.locator('td.stock'), '15');
    await critical.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await note(page, id, 'LowStock').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // The topics are shared and replayed by every new stream processor: leave no alert open behind.
    await patchStock(id, 15); // 30: recovered
    await low.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await waitForText(product.locator('td.stock'), '30');
    await note(page, id, 'StockRecovered').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // The same document all along: the marker survived and the main frame never navigated again.
    expect(await page.evaluate(() => (globalThis as unknown as { __marker?: string }).__marker)).toBe(marker);
    expect(navigations).toBe(navigationsBefore);
    expect(pageErrors).toEqual([]);
  }, REPLAY_TIMEOUT_MS * 2 + 8 * UI_TIMEOUT_MS);

  it("shows a Gold customer's delayed order and an order at risk, with names, live", async () => {
    const pid = firstListedId('risk');
    const product = await http('PUT', `${catalog.url}/products/${pid}`, { name: `Product ${pid}`, description: 'e2e', price: 5, stock: 30 });
    expect(product.status).toBeLessThan(300);
    // Orders refuses an order for a product its replica has not seen yet.
    await waitFor(async () => (await http('GET', `${orders.url}/product-replicas/${pid}?minVersion=${product.body.version}`)).status === 200, {
      what: 'the product in the orders replica',
      timeoutMs: 60_000,
    });
    const customerId = uniqueName('c-dash');
    const saved = await http('PUT', `${accounts.url}/customers/${customerId}`, customerDocument({ tier: 'Gold' }));
    const placed = await http('POST', `${orders.url}/orders`, { customerId, items: [{ productId: pid, quantity: 25 }] }, { 'X-Customer-Min-Version': String(saved.body.version) });
    expect(placed.status).toBe(201);
    const { orderId, customerName } = placed.body;
    const delayed = row(page, 'delayedOrders', `delayed-gold-order:${orderId}`);
    const atRisk = row(page, 'ordersAtRisk', `order-at-risk:${orderId}`);
    try {
      // Names come from the event index: the history view, which replays every topic, must be past the order.
      await delayed.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await waitForCaughtUp(['history']);
      await waitForText(delayed.locator('td.customer'), customerName);
      await expect(delayed.locator('td.delayed').textContent()).resolves.toMatch(/^\d+ (s|min \d+ s|h \d+ min)$/);

      await waitForView(pid, 30);
      await patchStock(pid, -10); // 20 < 25 wanted: at risk (20 is not Low)
      await waitForText(atRisk.locator('td.short'), `Product ${pid} ×25 (stock 20, short 5)`);
      await waitForText(atRisk.locator('td.customer'), customerName);
    } finally {
      await page.screenshot({ path: SCREENSHOT });
    }
    // Cancelled: neither delayed nor at risk any more, and no alert is left open for later runs.
    expect((await http('PUT', `${orders.url}/orders/${orderId}/status`, { status: 'Cancelled' })).status).toBeLessThan(300);
    await delayed.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await atRisk.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(pageErrors).toEqual([]);
  }, REPLAY_TIMEOUT_MS + 4 * UI_TIMEOUT_MS);

  it('serves two browsers from one server-side stream: both see the change in the same shared version', async () => {
    const other = await newPage();
    await other.goto(`${streams.url}/dashboard`, { waitUntil: 'domcontentloaded' });
    await other.locator('#status.live').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await waitFor(async () => (await openStreams()) === 2, { what: 'two open streams' });
    const readsBefore = await metricValue(streams.url, 'stream_dashboard_refreshes_total');

    await patchStock(productId, -1); // 29: no threshold crossed
    const versions = await Promise.all(
      [page, other].map(async (p) => {
        const product = row(p, 'catalogue', productId);
        await waitForText(product.locator('td.stock'), '29');
        return Number(await product.getAttribute('data-changed'));
      }),
    );
    // One read, fanned out: a stream that read for itself could not number its state as the other did.
    expect(versions[0]).toBeGreaterThan(0);
    expect(versions[1]).toBe(versions[0]);
    expect(await metricValue(streams.url, 'stream_dashboard_refreshes_total')).toBeGreaterThan(readsBefore);
    await patchStock(productId, 1);
    await Promise.all([page, other].map((p) => waitForText(row(p, 'catalogue', productId).locator('td.stock'), '30')));
    expect(pageErrors).toEqual([]);
  }, 4 * UI_TIMEOUT_MS);

  it(`refuses a stream beyond DASHBOARD_MAX_STREAMS (${MAX_STREAMS}) with 503 DASHBOARD.TOO_MANY_STREAMS, and takes one again once a slot is free`, async () => {
    const open = async () => {
      const abort = new AbortController();
      const res = await fetch(`${streams.url}/dashboard/stream`, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
      return { res, close: () => abort.abort() };
    };
    const third = await open();
    try {
      expect(third.res.status).toBe(200);
      expect(third.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await waitFor(async () => (await openStreams()) === MAX_STREAMS, { what: `${MAX_STREAMS} open streams` });

      const refusedBefore = await metricValue(streams.url, 'stream_dashboard_streams_refused_total');
      const fourth = await open();
      expect(fourth.res.status).toBe(503);
      expect(fourth.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await fourth.res.json()).toMatchObject({ status: 503, code: 'DASHBOARD.TOO_MANY_STREAMS' });
      expect(await metricValue(streams.url, 'stream_dashboard_streams_refused_total')).toBe(refusedBefore + 1);
    } finally {
      third.close();
    }
    await waitFor(async () => (await openStreams()) === MAX_STREAMS - 1, { what: 'the closed stream to give its slot back' });
    const again = await open();
    expect(again.res.status).toBe(200);
    again.close();
    // The browsers kept their streams all along.
    await expect(page.locator('#status').getAttribute('class')).resolves.toBe('live');
  }, 60_000);
});

/** The product in the catalogue view with that stock. */
async function waitForView(productId: string, stock: number) {
  await waitFor(async () => (await http('GET', `${streams.url}/catalogue/${productId}`)).body?.stock === stock, { what: `${productId} with stock ${stock} in the view` });
}
