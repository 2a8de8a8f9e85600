import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { REPO_ROOT, waitFor } from '@app/testing';
import { http, useRunningStack } from './stack';

/**
 * The live dashboard in a real (headless) Chromium: the page renders what the stream processor pushes
 * over server-sent events, so a stock change made through the catalog API shows up without a reload.
 * Chromium is Debian's package (scripts/ensure-chromium.sh), not Playwright's download.
 */
const stack = useRunningStack({ streams: {} });
const { catalog, streams } = stack;

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const UI_TIMEOUT_MS = 15_000;
const REPLAY_TIMEOUT_MS = 180_000;
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'dashboard.png');

/**
 * The dashboard lists the first 200 products by id, and the stream processor replays every product
 * the topics ever saw: an id that sorts before all others (and before earlier runs' ids) stays listed.
 */
const firstListedId = (prefix: string) => `0${prefix}-${(Number.MAX_SAFE_INTEGER - Date.now()).toString(36)}-${randomBytes(3).toString('hex')}`;

/** Auto-waits until the element's whole text is `text`. */
const waitForText = (locator: Locator, text: string, timeout = UI_TIMEOUT_MS) =>
  locator.filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).waitFor({ state: 'visible', timeout });

describe('stream processor: live dashboard in a browser', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let navigations = 0;

  // Inside the describe, so the browser (and its open event stream) is gone before the file-level
  // afterAll stops the stream processor: an open SSE response would hold up its graceful shutdown.
  beforeAll(async () => {
    rmSync(SCREENSHOT, { force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, timeout: 30_000 });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('serves the page as HTML', async () => {
    const res = await http('GET', `${streams.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html\b/);
  });

  it('shows a stock drop and the critical-stock alert live, without reloading the page', async () => {
    const id = firstListedId('dash');
    const created = await http('PUT', `${catalog.url}/products/${id}`, { name: 'Dashboard Loom', description: 'e2e browser', price: 42, stock: 30 });
    expect(created.status).toBeLessThan(300);
    // A new consumer group replays the whole topics first: wait until both views are past the product
    // (lag measured after the catalogue had it), so that what is timed below is the live path alone.
    await waitFor(async () => (await http('GET', `${streams.url}/catalogue/${id}`)).body?.stock === 30, {
      what: 'the product in the catalogue view',
      timeoutMs: REPLAY_TIMEOUT_MS,
      intervalMs: 250,
    });
    const seen = new Date().toISOString();
    await waitFor(async () => {
      const views = (await http('GET', `${streams.url}/health`)).body.info?.views;
      return ['catalogue', 'alerts'].every((v) => views?.[v]?.lag === 0 && views[v].lagMeasuredAt > seen);
    }, { what: 'the catalogue and alerts views to catch up', timeoutMs: REPLAY_TIMEOUT_MS, intervalMs: 250 });

    const response = await page.goto(`${streams.url}/dashboard`, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html\b/);
    const row = page.locator(`tr.product[data-product-id="${id}"]`);
    const alertRow = page.locator(`tr.alert[data-alert-id="critical-stock:${id}"]`);
    try {
      await waitForText(row.locator('td.stock'), '30');
      await page.locator('#status.live').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await alertRow.count()).toBe(0);

      const marker = randomBytes(8).toString('hex');
      await page.evaluate((m) => {
        (globalThis as unknown as { __marker?: string }).__marker = m;
      }, marker);
      const navigationsBefore = navigations;

      const patched = await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: -27 });
      expect(patched.status).toBeLessThan(300);

      await alertRow.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await waitForText(row.locator('td.stock'), '3');
      await waitForText(alertRow.locator('td').nth(1), id);
      await expect(row.getAttribute('class')).resolves.toContain('level-Critical');
      await expect(page.locator('#status').getAttribute('class')).resolves.toBe('live');

      // The same document all along: the marker survived and the main frame never navigated again.
      expect(await page.evaluate(() => (globalThis as unknown as { __marker?: string }).__marker)).toBe(marker);
      expect(navigations).toBe(navigationsBefore);
      expect(pageErrors).toEqual([]);
    } finally {
      // Kept whether or not the assertions held: on failure it shows what the page did show.
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    // The topics are shared and replayed by every new stream processor: leave no alert open behind, and
    // let the views apply that before the stack stops (the page drops the row live, too).
    await http('PATCH', `${catalog.url}/products/${id}/stock`, { delta: 27 });
    await alertRow.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await waitForText(row.locator('td.stock'), '30');
  }, REPLAY_TIMEOUT_MS + 60_000);
});
