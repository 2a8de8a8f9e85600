#!/usr/bin/env node
// Loads the demo data through the public HTTP APIs (run `make up` first): 10 products, 5 customers,
// reviews and orders in every state, so that the stream processor's catalogue and every alert type
// (low-stock, critical-stock, delayed-gold-order, order-at-risk) show something. Plain Node 20, no
// dependencies. Re-runnable: products and customers are PUT (idempotent); reviews and orders converge —
// a demo review or order that already exists (same customer and lines, in or on the way to the wanted
// status) is reused, so a second run adds nothing and only repairs what is missing.
//
// Env: API_KEY (sent as X-API-Key), ACCOUNTS_URL, ORDERS_URL, CATALOG_URL, STREAMS_URL (defaults: http://127.0.0.1:3001/3002/3003/3006),
// SEED_HEALTH_WAIT_S (60), SEED_ALERT_WAIT_S (30).

import { pathToFileURL } from 'node:url';

const url = (name, port) => (process.env[name] || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const SERVICES = {
  accounts: url('ACCOUNTS_URL', 3001),
  orders: url('ORDERS_URL', 3002),
  catalog: url('CATALOG_URL', 3003),
  'stream-processor': url('STREAMS_URL', 3006),
};
const { accounts: ACCOUNTS, orders: ORDERS, catalog: CATALOG } = SERVICES;
const STREAMS = SERVICES['stream-processor'];
const HEALTH_WAIT_MS = Number(process.env.SEED_HEALTH_WAIT_S || 60) * 1000;
const ALERT_WAIT_MS = Number(process.env.SEED_ALERT_WAIT_S || 30) * 1000;
const REQUEST_TIMEOUT_MS = 15_000;
/** One of the services' API_KEYS, sent as X-API-Key on every request (unset: the services run without keys). */
const API_KEY = process.env.API_KEY ?? '';
/** The stream processor's default DELAYED_ORDER_AFTER_MS: a Gold order Processing this long is delayed. */
const DELAYED_AFTER_MIN = 30;
const ALERT_TYPES = ['low-stock', 'critical-stock', 'delayed-gold-order', 'order-at-risk'];
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------- data

/** Stock 0–30 against the default thresholds (low < 20, critical < 5): 4 Ok, 3 Low, 3 Critical. */
const PRODUCTS = [
  { id: 'demo-p01', name: 'Conical Burr Coffee Grinder', description: 'Stainless steel conical burrs, 40 grind settings from espresso to cold brew.', price: 129.0, stock: 30 },
  { id: 'demo-p02', name: 'Gooseneck Pour-Over Kettle 1L', description: 'Electric kettle with variable temperature control and a precision spout.', price: 79.95, stock: 26 },
  { id: 'demo-p03', name: 'Borosilicate French Press 1L', description: 'Double-filter plunger, heat-resistant glass carafe, serves four cups.', price: 34.5, stock: 22 },
  { id: 'demo-p04', name: 'Cast Iron Skillet 26 cm', description: 'Pre-seasoned cast iron for searing, baking and open-fire cooking.', price: 42.0, stock: 28 },
  { id: 'demo-p05', name: "Chef's Knife 20 cm", description: 'Forged German steel blade with a full tang and riveted walnut handle.', price: 89.0, stock: 18 },
  { id: 'demo-p06', name: 'Digital Kitchen Scale', description: 'Weighs to 0.1 g up to 5 kg, with a built-in timer for pour-over brewing.', price: 24.99, stock: 12 },
  { id: 'demo-p07', name: 'Ceramic Pour-Over Dripper', description: 'Hand-glazed porcelain cone for size 02 paper filters.', price: 19.5, stock: 7 },
  { id: 'demo-p08', name: 'Espresso Tamper 58 mm', description: 'Calibrated spring tamper with an aluminium base for consistent pressure.', price: 38.0, stock: 4 },
  { id: 'demo-p09', name: 'Milk Frothing Pitcher 600 ml', description: 'Brushed stainless jug with a sharp spout for latte art.', price: 17.25, stock: 2 },
  { id: 'demo-p10', name: 'End-Grain Bamboo Cutting Board', description: 'Large reversible board with a juice groove; kind to knife edges.', price: 49.0, stock: 0 },
];

/** The test card numbers the project allows (libs/testing/src/fixtures.ts TEST_CARD_NUMBERS); accounts keeps only brand and last four. */
const CARDS = { visa: '4111111111111111', mastercard: '5555555555554444', amex: '378282246310005', discover: '6011111111111117' };
const EXPIRY_YEAR = new Date().getUTCFullYear() + 3;

const customer = (tier, [title, firstName, lastName], email, phone, [address1, city, state, postalCode], cards) => ({
  name: { title, firstName, lastName },
  contact: { primaryPhone: phone, email },
  addresses: [
    { type: 'BILLING', description: 'home', address1, city, state, postalCode },
    { type: 'SHIPPING', description: 'home', address1, city, state, postalCode },
  ],
  creditCards: cards.map(([type, brand, month], i) => ({
    type,
    description: i === 0 ? 'personal' : 'backup',
    number: CARDS[brand],
    expiration: `${month}/${EXPIRY_YEAR}`,
    nameOnCard: `${firstName[0]} ${lastName}`.toUpperCase(),
  })),
  tier,
});

const CUSTOMERS = [
  { id: 'demo-c1', doc: customer('Gold', ['Ms', 'Eleanor', 'Whitfield'], 'eleanor.whitfield@example.com', '+44 117 496 0123', ['14 Clifton Vale', 'Bristol', 'BRS', 'BS8 4PE'], [['PRIMARY', 'visa', '09'], ['ALTERNATE', 'amex', '03']]) },
  { id: 'demo-c2', doc: customer('Silver', ['Mr', 'Rajesh', 'Menon'], 'rajesh.menon@example.com', '+44 161 496 0456', ['7 Ancoats Wharf', 'Manchester', 'MAN', 'M4 6BU'], [['PRIMARY', 'mastercard', '11']]) },
  { id: 'demo-c3', doc: customer('Bronze', ['Ms', 'Sofia', 'Alvarez'], 'sofia.alvarez@example.com', '+44 113 496 0789', ['22 Headingley Lane', 'Leeds', 'WYK', 'LS6 1BN'], [['PRIMARY', 'discover', '05']]) },
  { id: 'demo-c4', doc: customer('Gold', ['Mr', 'Tomasz', 'Nowak'], 'tomasz.nowak@example.com', '+44 131 496 0321', ['3 Marchmont Crescent', 'Edinburgh', 'EDH', 'EH9 1HE'], [['PRIMARY', 'visa', '01'], ['ALTERNATE', 'mastercard', '07']]) },
  { id: 'demo-c5', doc: customer('Silver', ['Dr', 'Hannah', 'Okafor'], 'hannah.okafor@example.com', '+44 29 2018 0654', ['41 Cathedral Road', 'Cardiff', 'CRF', 'CF11 9HB'], [['PRIMARY', 'amex', '12']]) },
];

const REVIEWS = {
  'demo-p01': [['demo-c1', 5, 'Consistent grind, finally no more bitter espresso.'], ['demo-c2', 4, 'Great burrs, a bit loud in the morning.'], ['demo-c5', 5, 'Worth every penny.']],
  'demo-p02': [['demo-c4', 5, 'Holds temperature to the degree. Pour-over heaven.'], ['demo-c3', 4, 'Lovely spout; the base could be smaller.']],
  'demo-p03': [['demo-c3', 4, 'Solid press, the double filter keeps the silt out.'], ['demo-c1', 3, 'Glass feels thinner than I expected.']],
  'demo-p04': [['demo-c2', 5, 'Seasoning held up after a month of daily use.'], ['demo-c4', 5, 'Sears steak like a restaurant grill.'], ['demo-c5', 4, 'Heavy, as it should be.']],
  'demo-p05': [['demo-c1', 5, 'Razor sharp out of the box.'], ['demo-c3', 4, 'Comfortable handle, needs honing weekly.']],
  'demo-p06': [['demo-c4', 4, 'Accurate and the timer is handy.'], ['demo-c2', 3, 'Auto-off kicks in too soon.']],
  'demo-p07': [['demo-c5', 5, 'Beautiful glaze, brews evenly.'], ['demo-c1', 4, 'Pair it with a gooseneck kettle.']],
  'demo-p08': [['demo-c2', 5, 'The spring makes every puck the same.'], ['demo-c4', 4, 'Fits my 58 mm basket perfectly.']],
  'demo-p09': [['demo-c3', 4, 'Good size for two flat whites.'], ['demo-c5', 3, 'Markings inside wore off quickly.']],
  'demo-p10': [['demo-c1', 5, 'Huge and kind to my knives.'], ['demo-c4', 4, 'Needs oiling but looks great.'], ['demo-c2', 2, 'Warped slightly after a dishwasher run (my fault).']],
};

/**
 * Orders and the status each should reach. Shipping takes the items out of stock, so only small
 * quantities of well-stocked products ship: every product keeps its stock level.
 * `placedAgoMin` imports the order with an earlier placedAt (a Gold order Processing for 30+ minutes is delayed).
 */
const ORDERS_PLAN = [
  { customerId: 'demo-c1', items: [['demo-p01', 1], ['demo-p02', 1]], status: 'Delivered' },
  { customerId: 'demo-c1', items: [['demo-p07', 1], ['demo-p05', 1]], status: 'Processing', placedAgoMin: 120, note: 'delayed Gold order' },
  { customerId: 'demo-c2', items: [['demo-p08', 6], ['demo-p03', 1]], status: 'Processing', note: 'at risk: 6 tampers, 4 in stock' },
  { customerId: 'demo-c2', items: [['demo-p04', 2]], status: 'Shipped' },
  { customerId: 'demo-c3', items: [['demo-p03', 1], ['demo-p06', 2]], status: 'Delivered' },
  { customerId: 'demo-c3', items: [['demo-p05', 1]], status: 'Cancelled' },
  { customerId: 'demo-c3', items: [['demo-p04', 1]], status: 'Processing' },
  { customerId: 'demo-c4', items: [['demo-p02', 1]], status: 'Shipped' },
  { customerId: 'demo-c4', items: [['demo-p10', 2]], status: 'Processing', placedAgoMin: 45, note: 'delayed Gold order, at risk: board out of stock' },
  { customerId: 'demo-c5', items: [['demo-p01', 2]], status: 'Processing' },
  { customerId: 'demo-c5', items: [['demo-p09', 1]], status: 'Cancelled' },
];

/** The moves an order can make (orders' TRANSITIONS) and the path from Processing to each status. */
const PATH = { Processing: [], Shipped: ['Shipped'], Delivered: ['Shipped', 'Delivered'], Cancelled: ['Cancelled'] };
const REACHES = { Processing: ['Processing', 'Shipped', 'Delivered', 'Cancelled'], Shipped: ['Shipped', 'Delivered'], Delivered: ['Delivered'], Cancelled: ['Cancelled'] };

// ------------------------------------------------------------------------------------------- helpers

class SeedError extends Error {}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds (a script, not domain code: the lint rule against Date.now() is about domain decisions). */
const nowMs = () => new Date().getTime();
const started = nowMs();
const log = (message) => console.log(message);
const took = () => `${((nowMs() - started) / 1000).toFixed(1)} s`;

async function http(method, target, body, headers = {}) {
  let res;
  try {
    res = await fetch(target, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(API_KEY ? { 'x-api-key': API_KEY } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SeedError(`${method} ${target} failed: ${error.cause?.message ?? error.message}`);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/** A request that must answer with one of `ok`; anything else stops the seed with the problem details. */
async function call(method, target, body, { ok = [200, 201], headers } = {}) {
  const res = await http(method, target, body, headers);
  if (!ok.includes(res.status)) {
    const problem = res.body && typeof res.body === 'object' ? res.body : { detail: res.body };
    const fields = (problem.errors ?? []).map((e) => `\n    ${e.field}: ${e.message}`).join('');
    let hint = '';
    if (JSON.stringify(problem).includes('placedAt') && res.status === 400 && /should not exist/.test(JSON.stringify(problem))) {
      hint = '\n  hint: this orders service does not know placedAt yet; rebuild and restart it (npm run build && bash scripts/services.sh stop orders && bash scripts/services.sh start orders)';
    }
    throw new SeedError(`${method} ${target} answered ${res.status} ${problem.code ?? ''} ${problem.detail ?? ''}${fields}${hint}`);
  }
  return res.body;
}

/** Every item of a paged list endpoint (pageSize 200). */
async function listAll(target, maxPages = 50) {
  const items = [];
  for (let page = 1; page <= maxPages; page++) {
    const sep = target.includes('?') ? '&' : '?';
    const body = await call('GET', `${target}${sep}page=${page}&pageSize=200`);
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return { items, total: body.total };
  }
  return { items, total: items.length };
}

async function waitForHealth() {
  const deadline = nowMs() + HEALTH_WAIT_MS;
  for (const [name, base] of Object.entries(SERVICES)) {
    let last = 'no answer';
    for (let said = false; ; said = true) {
      const res = await http('GET', `${base}/health`).catch((error) => ({ status: 0, body: error.message }));
      if (res.status === 200) break;
      last = res.status === 0 ? res.body : `HTTP ${res.status}`;
      if (nowMs() > deadline) {
        throw new SeedError(
          `${name} at ${base}/health did not answer 200 within ${HEALTH_WAIT_MS / 1000} s (last: ${last}).\n` +
            '  Is the stack up? Run `make up`, check `bash scripts/services.sh status`, or set ACCOUNTS_URL/ORDERS_URL/CATALOG_URL/STREAMS_URL.',
        );
      }
      if (!said) log(`  waiting for ${name} (${base}/health) ...`);
      await sleep(1000);
    }
  }
  log(`services healthy: ${Object.entries(SERVICES).map(([n, b]) => `${n} ${b}`).join(', ')}`);
}

/** Polls `probe` until it returns a value other than undefined, or gives up after `ms` with undefined. */
async function poll(probe, ms, everyMs = 1000) {
  const deadline = nowMs() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || nowMs() > deadline) return value;
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------------------------------------- steps

async function seedProducts() {
  const versions = new Map();
  for (const { id, ...product } of PRODUCTS) {
    const saved = await call('PUT', `${CATALOG}/products/${id}`, product);
    versions.set(id, saved.version);
  }
  // Orders price their lines from their own replica of the catalog: wait until it has every product.
  for (const [id, version] of versions) {
    const seen = await poll(async () => {
      const res = await http('GET', `${ORDERS}/product-replicas/${id}?minVersion=${version}`);
      if (res.status === 200) return true;
      if (res.status !== 503 && res.status !== 404) throw new SeedError(`GET ${ORDERS}/product-replicas/${id} answered ${res.status} ${JSON.stringify(res.body)}`);
      return undefined;
    }, 30_000);
    if (!seen) throw new SeedError(`the orders service never saw product ${id} version ${version} (is its Kafka consumer running?)`);
  }
  log(`products: ${PRODUCTS.length} saved (${PRODUCTS.map((p) => `${p.id}=${p.stock}`).join(' ')}) [${took()}]`);
}

async function seedCustomers() {
  const versions = new Map();
  for (const { id, doc } of CUSTOMERS) versions.set(id, (await call('PUT', `${ACCOUNTS}/customers/${id}`, doc)).version);
  log(`customers: ${CUSTOMERS.length} saved (${CUSTOMERS.map((c) => `${c.id} ${c.doc.tier}`).join(', ')}) [${took()}]`);
  return versions;
}

async function seedReviews() {
  let added = 0;
  let kept = 0;
  for (const [productId, reviews] of Object.entries(REVIEWS)) {
    const existing = new Set((await listAll(`${CATALOG}/products/${productId}/reviews`)).items.map((r) => `${r.customerId}|${r.text}`));
    for (const [customerId, rating, text] of reviews) {
      if (existing.has(`${customerId}|${text}`)) {
        kept++;
        continue;
      }
      await call('POST', `${CATALOG}/products/${productId}/reviews`, { customerId, rating, text });
      added++;
    }
  }
  log(`reviews: ${added} added, ${kept} already there [${took()}]`);
}

const signature = (items) =>
  items
    .map((i) => (Array.isArray(i) ? `${i[0]}x${i[1]}` : `${i.productId}x${i.quantity}`))
    .sort()
    .join(',');

/** An existing demo order this plan entry can use: same customer and lines, in (or on the way to) its status. */
function findExisting(plan, existing, used) {
  const wanted = signature(plan.items);
  const candidates = existing.filter(
    (o) =>
      !used.has(o.orderId) &&
      signature(o.items) === wanted &&
      REACHES[o.status].includes(plan.status) &&
      (plan.placedAgoMin === undefined || Date.parse(o.placedAt) <= nowMs() - DELAYED_AFTER_MIN * MINUTE),
  );
  return candidates.find((o) => o.status === plan.status) ?? candidates[0];
}

async function seedOrders(customerVersions) {
  const existingByCustomer = new Map();
  for (const { id } of CUSTOMERS) existingByCustomer.set(id, (await listAll(`${ORDERS}/orders?customerId=${id}`)).items);
  const used = new Set();
  let placed = 0;
  let reused = 0;
  let moved = 0;
  for (const plan of ORDERS_PLAN) {
    let order = findExisting(plan, existingByCustomer.get(plan.customerId), used);
    if (order) reused++;
    else {
      const body = { customerId: plan.customerId, items: plan.items.map(([productId, quantity]) => ({ productId, quantity })) };
      if (plan.placedAgoMin !== undefined) body.placedAt = new Date(nowMs() - plan.placedAgoMin * MINUTE).toISOString();
      order = await call('POST', `${ORDERS}/orders`, body, {
        ok: [201],
        headers: { 'X-Customer-Min-Version': String(customerVersions.get(plan.customerId)) },
      });
      placed++;
    }
    used.add(order.orderId);
    const done = PATH[order.status].length;
    for (const status of PATH[plan.status].slice(done)) {
      order = await call('PUT', `${ORDERS}/orders/${order.orderId}/status`, { status });
      moved++;
    }
  }
  log(`orders: ${placed} placed, ${reused} already there, ${moved} status changes [${took()}]`);
}

// ------------------------------------------------------------------------------------------ summary

async function summary() {
  const demoProducts = new Set(PRODUCTS.map((p) => p.id));

  const catalogue = await poll(async () => {
    const entries = await Promise.all(PRODUCTS.map((p) => http('GET', `${STREAMS}/catalogue/${p.id}`)));
    const found = entries.filter((e) => e.status === 200).map((e) => e.body);
    const reviewsWanted = Object.values(REVIEWS).flat().length;
    const reviewsSeen = found.reduce((n, e) => n + e.reviewCount, 0);
    return found.length === PRODUCTS.length && reviewsSeen >= reviewsWanted ? found : undefined;
  }, ALERT_WAIT_MS);

  const demoOrders = (await Promise.all(CUSTOMERS.map((c) => listAll(`${ORDERS}/orders?customerId=${c.id}`)))).flatMap((r) => r.items);
  const demoOrderIds = new Set(demoOrders.map((o) => o.orderId));
  const byStatus = Object.fromEntries(Object.keys(PATH).map((s) => [s, demoOrders.filter((o) => o.status === s).length]));
  let reviews = 0;
  for (const p of PRODUCTS) reviews += (await call('GET', `${CATALOG}/products/${p.id}/reviews?pageSize=1`)).total;

  const isDemo = (alert) => demoProducts.has(alert.subjectId) || demoOrderIds.has(alert.subjectId);
  const countAlerts = async () => {
    const counts = {};
    for (const type of ALERT_TYPES) {
      const { items, total } = await listAll(`${STREAMS}/alerts?type=${type}`, 20);
      counts[type] = { total, demo: items.filter(isDemo).length };
    }
    return counts;
  };
  // What the demo data should raise: every Low/Critical product, each Processing Gold order placed long enough ago, each short order.
  const stockOf = new Map(PRODUCTS.map((p) => [p.id, p.stock]));
  const tierOf = new Map(CUSTOMERS.map((c) => [c.id, c.doc.tier]));
  const processing = ORDERS_PLAN.filter((o) => o.status === 'Processing');
  const expected = {
    'low-stock': PRODUCTS.filter((p) => p.stock >= 5 && p.stock < 20).length,
    'critical-stock': PRODUCTS.filter((p) => p.stock < 5).length,
    'delayed-gold-order': processing.filter((o) => tierOf.get(o.customerId) === 'Gold' && o.placedAgoMin >= DELAYED_AFTER_MIN).length,
    'order-at-risk': processing.filter((o) => o.items.some(([id, quantity]) => quantity > stockOf.get(id))).length,
  };
  let alerts;
  await poll(async () => {
    alerts = await countAlerts();
    return ALERT_TYPES.every((t) => alerts[t].demo >= expected[t]) ? true : undefined;
  }, ALERT_WAIT_MS, 1000);

  const levels = { Ok: 0, Low: 0, Critical: 0 };
  for (const e of catalogue ?? []) if (e.stockLevel) levels[e.stockLevel]++;
  log('');
  log('demo data summary');
  log(`  products   ${PRODUCTS.length} (catalogue view: ${catalogue ? `${catalogue.length} entries, Ok ${levels.Ok} / Low ${levels.Low} / Critical ${levels.Critical}` : 'NOT complete yet'})`);
  log(`  customers  ${CUSTOMERS.length} (${['Gold', 'Silver', 'Bronze'].map((t) => `${t} ${CUSTOMERS.filter((c) => c.doc.tier === t).length}`).join(', ')})`);
  log(`  orders     ${demoOrders.length} (${Object.entries(byStatus).map(([s, n]) => `${s} ${n}`).join(', ')})`);
  log(`  reviews    ${reviews}`);
  log('  active alerts    all  demo (expected)');
  for (const type of ALERT_TYPES) log(`    ${type.padEnd(19)} ${String(alerts[type].total).padStart(4)}  ${String(alerts[type].demo).padStart(4)} (${expected[type]})`);

  const empty = ALERT_TYPES.filter((t) => alerts[t].demo === 0);
  if (empty.length > 0) {
    throw new SeedError(
      `no active ${empty.join(', ')} alert about the demo data after ${ALERT_WAIT_MS / 1000} s.\n` +
        `  Check the stream processor (${STREAMS}/health, its log, bash scripts/services.sh status) and its thresholds ` +
        `(LOW_STOCK_THRESHOLD 20, CRITICAL_STOCK_THRESHOLD 5, DELAYED_ORDER_AFTER_MS ${DELAYED_AFTER_MIN} min are what the demo expects).`,
    );
  }
  const short = ALERT_TYPES.filter((t) => alerts[t].demo > 0 && alerts[t].demo < expected[t]);
  if (short.length > 0) console.warn(`warning: fewer demo alerts than expected for ${short.join(', ')} (still arriving, or the stream processor uses other thresholds)`);
  if (!catalogue) throw new SeedError(`the stream processor's catalogue does not show every demo product with its reviews after ${ALERT_WAIT_MS / 1000} s`);
}

// --------------------------------------------------------------------------------------------- main

/** The ids the seed creates: the services' Swagger examples use them (test/deploy/openapi.deploy.spec.ts checks). */
export const SEEDED_IDS = { customers: CUSTOMERS.map((c) => c.id), products: PRODUCTS.map((p) => p.id) };

// Imported (for SEEDED_IDS), it only defines; run as a script, it seeds.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await waitForHealth();
    await seedProducts();
    const customerVersions = await seedCustomers();
    await seedReviews();
    await seedOrders(customerVersions);
    await summary();
    log('\nseed done: open the dashboard at ' + `${STREAMS}/dashboard`);
  } catch (error) {
    console.error(`\nseed failed: ${error instanceof SeedError ? error.message : (error.stack ?? error)}`);
    process.exit(1);
  }
}
