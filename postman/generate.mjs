// Generates the Postman collection from the compact definitions below: `node postman/generate.mjs [out-dir]`
// (default: this folder; make test compares a fresh generation with the committed files).
// Every request carries a description and tests; ids are unique per run, so the collection can run any number of times.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const VISA = '4111111111111111';
const MASTERCARD = '5555555555554444';
const BAD_LUHN = '4111111111111112';

const customer = (over = {}) => ({
  name: { title: 'Ms', firstName: 'Ada', lastName: 'Lovelace' },
  contact: { primaryPhone: '+44 20 7946 0000', email: 'ada@example.com' },
  addresses: [
    { type: 'BILLING', address1: '12 Analytical Row', city: 'London', state: 'LDN', postalCode: 'N1 9GU' },
    { type: 'SHIPPING', description: 'office', address1: '1 Engine Yard', city: 'London', state: 'LDN', postalCode: 'EC1 2AB' },
  ],
  creditCards: [
    { type: 'PRIMARY', number: VISA, expiration: '12/2030', nameOnCard: 'A LOVELACE' },
    { type: 'ALTERNATE', number: MASTERCARD, expiration: '06/29', nameOnCard: 'A LOVELACE' },
  ],
  tier: 'Gold',
  ...over,
});

// The original design's documented request, verbatim (numeric id, null address2, M/YY expiry, test card
// numbers that are expired or fail the Luhn check): the compatibility route keeps it, with card flags. The same
// file is that route's Swagger example.
const SEED_SAMPLE = JSON.parse(readFileSync(join(here, '../apps/accounts/src/customers/commands/save-customer/seed-sample.example.json'), 'utf8'));
const SEED_NUMBERS = '1234-?6789-?0000-?0000|9999-?8888-?7777-?6666';

const json = (v) => JSON.stringify(v, null, 2);
const noCardNumbers = `pm.test('no full card number in the response', () => { pm.expect(pm.response.text()).to.not.match(/${VISA}|${MASTERCARD}|${BAD_LUHN}/); });`;
const status = (code) => `pm.test('status ${code}', () => pm.response.to.have.status(${code}));`;
const created = (idField, path) => [
  status(201),
  `pm.test('Location names the new ${idField}', () => pm.expect(pm.response.headers.get('Location')).to.eql('${path}/' + pm.response.json().${idField}));`,
  `pm.test('ETag "1"', () => pm.expect(pm.response.headers.get('ETag')).to.eql('"1"'));`,
];
const problem = (code, httpStatus, field) =>
  [
    status(httpStatus),
    `pm.test('problem+json with code ${code}', () => { pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json'); pm.expect(pm.response.json().code).to.eql('${code}'); });`,
    field ? `pm.test('names the field ${field}', () => pm.expect(pm.response.json().errors.map((e) => e.field)).to.include('${field}'));` : '',
  ].join('\n');

// Every request carries {{apiKey}} (with API_KEYS set, reads need a key too): empty (the default) where the services run without keys.

function request(name, method, url, { description, body, raw, headers = {}, test = [], pre = [] } = {}) {
  if (!description) throw new Error(`request "${name}" has no description`);
  const header = Object.entries({
    ...(body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
    'X-API-Key': '{{apiKey}}',
    ...headers,
  }).map(([key, value]) => ({ key, value }));
  const [base, ...rest] = url.split('/');
  const [path, query] = rest.join('/').split('?');
  return {
    name,
    event: [
      ...(pre.length ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: pre.join('\n').split('\n') } }] : []),
      { listen: 'test', script: { type: 'text/javascript', exec: test.join('\n').split('\n') } },
    ],
    request: {
      method,
      description,
      header,
      ...(body !== undefined || raw !== undefined ? { body: { mode: 'raw', raw: raw ?? json(body), options: { raw: { language: 'json' } } } } : {}),
      url: {
        raw: url,
        host: [base],
        path: path.split('/'),
        ...(query ? { query: query.split('&').map((kv) => ({ key: kv.split('=')[0], value: kv.split('=')[1] ?? '' })) } : {}),
      },
    },
  };
}

const A = '{{accountsUrl}}';
const O = '{{ordersUrl}}';
const C = '{{catalogUrl}}';
const freshIds = `const run = 'pm-' + Date.now() + '-' + Math.floor(Math.random() * 1e6);
pm.collectionVariables.set('customerId', run);
pm.collectionVariables.set('compatCustomerId', run + '-compat');
pm.collectionVariables.set('badCustomerId', run + '-bad');
pm.collectionVariables.set('productId', run + '-p1');
pm.collectionVariables.set('secondProductId', run + '-p2');`;

const accounts = [
  request('Create customer (PUT)', 'PUT', `${A}/customers/{{customerId}}`, { description: 'Creates the run\'s customer under a client-chosen id (fresh per run, set by this request\'s pre-request script). Expects 201, version 1 in the body and the ETag, and cards kept only as brand, last four and expiry.',
    body: customer(),
    pre: [freshIds],
    test: [
      status(201),
      noCardNumbers,
      `pm.test('version 1 in body and ETag', () => { pm.expect(pm.response.json().version).to.eql(1); pm.expect(pm.response.headers.get('ETag')).to.eql('"1"'); });`,
      `pm.test('cards kept as brand, last four and expiry', () => { const c = pm.response.json().creditCards; pm.expect(c[0]).to.include({ brand: 'VISA', last4: '1111', expiration: '12/2030' }); pm.expect(c[1]).to.include({ brand: 'MASTERCARD', last4: '4444', expiration: '06/2029' }); });`,
      `pm.collectionVariables.set('customerVersion', pm.response.json().version);`,
    ],
  }),
  request('Get customer', 'GET', `${A}/customers/{{customerId}}`, { description: 'Reads the customer back: 200 with the tier sent, and no full card number anywhere in the response.',
    test: [status(200), noCardNumbers, `pm.test('is the customer', () => pm.expect(pm.response.json()).to.include({ customerId: pm.collectionVariables.get('customerId'), tier: 'Gold' }));`],
  }),
  request('Same document again changes nothing', 'PUT', `${A}/customers/{{customerId}}`, { description: 'PUT of the identical document is idempotent: 200 and still version 1, no new CustomerChanged event.',
    body: customer(),
    test: [status(200), `pm.test('still version 1', () => pm.expect(pm.response.json().version).to.eql(1));`],
  }),
  request('List customers (paged)', 'GET', `${A}/customers?page=1&pageSize=5`, { description: 'GET /customers pages through customers by id: page 1 of size 5 holds at least the customer just created.',
    test: [status(200), noCardNumbers, `pm.test('a page', () => { const b = pm.response.json(); pm.expect(b).to.include({ page: 1, pageSize: 5 }); pm.expect(b.items.length).to.be.within(1, 5); pm.expect(b.total).to.be.at.least(1); });`],
  }),
  request('Create customer (compatibility route)', 'POST', `${A}/accounts/customer/create`, { description: 'POST /accounts/customer/create, the original design\'s route with the id inside the body; a customer without a tier defaults to Bronze.',
    body: { customerId: '{{compatCustomerId}}', ...customer({ tier: undefined }) },
    test: [status(201), noCardNumbers, `pm.test('default tier Bronze', () => pm.expect(pm.response.json()).to.include({ customerId: pm.collectionVariables.get('compatCustomerId'), tier: 'Bronze', version: 1 }));`],
  }),
  request("Create the original design's sample customer, verbatim (compatibility route)", 'POST', `${A}/accounts/customer/create`, { description: 'Sends the original design\'s documented sample as it stands (numeric id 123456, null address2, M/YY expiry, test card numbers that are expired or fail Luhn); the same JSON is the Swagger example of this route. 201 on a fresh stack, 200 on later runs.',
    body: SEED_SAMPLE,
    test: [
      // 201 the first time on a stack, 200 (unchanged) on every later run.
      `pm.test('2xx', () => pm.expect(pm.response.code).to.be.oneOf([200, 201]));`,
      `pm.test('numeric id read as a string, nulls left out', () => { const b = pm.response.json(); pm.expect(b.customerId).to.eql('123456'); b.addresses.forEach((a) => pm.expect(a).to.not.have.property('address2')); });`,
      `pm.test('expired and check-digit-failing cards kept with flags', () => pm.expect(pm.response.json().creditCards.map((c) => [c.last4, c.expiration, c.flags])).to.eql([['0000', '06/2019', ['EXPIRED']], ['6666', '03/2020', ['CHECK_DIGIT_FAILED', 'EXPIRED']]]));`,
      `pm.test('no card number in the response', () => pm.expect(pm.response.text()).to.not.match(/${SEED_NUMBERS}/));`,
    ],
  }),
  request('Create customer (server-assigned id)', 'POST', `${A}/customers`, { description: 'POST /customers: the server picks the id; it comes back in the body, the Location header, and the ETag is "1".',
    body: customer({ tier: undefined }),
    test: [...created('customerId', '/customers'), noCardNumbers, `pm.collectionVariables.set('assignedCustomerId', pm.response.json().customerId);`],
  }),
  request('Promote the customer to Gold (PATCH, If-Match "1")', 'PATCH', `${A}/customers/{{assignedCustomerId}}`, { description: 'PATCH changes only the fields given (here the tier), guarded by If-Match: version 2, cards untouched.',
    body: { tier: 'Gold' },
    headers: { 'If-Match': '"1"' },
    test: [status(200), `pm.test('Gold at version 2, cards kept', () => { const b = pm.response.json(); pm.expect(b).to.include({ tier: 'Gold', version: 2 }); pm.expect(b.creditCards).to.have.lengthOf(2); });`],
  }),
  request('PATCH with a stale If-Match → 409', 'PATCH', `${A}/customers/{{assignedCustomerId}}`, { description: 'The same If-Match "1" again is stale now: 409 CUSTOMER.VERSION_CONFLICT as problem+json.',
    body: { tier: 'Silver' },
    headers: { 'If-Match': '"1"' },
    test: [problem('CUSTOMER.VERSION_CONFLICT', 409)],
  }),
  request('PATCH without a field to change → 400', 'PATCH', `${A}/customers/{{assignedCustomerId}}`, { description: 'A PATCH body whose only field is null changes nothing and is refused: 400 REQUEST.VALIDATION_FAILED naming the body.',
    body: { tier: null },
    test: [problem('REQUEST.VALIDATION_FAILED', 400, 'body')],
  }),
  request('Create customer with tier and contact null (null reads as left out)', 'POST', `${A}/customers`, { description: 'null for an optional field reads as left out: the default tier Bronze and an empty contact.',
    body: customer({ tier: null, contact: null }),
    test: [...created('customerId', '/customers'), `pm.test('default tier, no contact', () => { const b = pm.response.json(); pm.expect(b.tier).to.eql('Bronze'); pm.expect(b.contact).to.eql({}); });`],
  }),
  request('Unknown customer → 404', 'GET', `${A}/customers/{{customerId}}-nobody`, { description: 'An id nobody created: 404 CUSTOMER.NOT_FOUND as problem+json.', test: [problem('CUSTOMER.NOT_FOUND', 404)] }),
];

const product = (over = {}) => ({ name: 'Analytical Engine', description: 'Steam-powered', price: 9.99, stock: 25, ...over });
const catalog = [
  request('Create product', 'PUT', `${C}/products/{{productId}}`, { description: 'Creates the run\'s first product (stock 25, price 9.99) with PUT; the version is kept for the replica check in Orders.',
    body: product(),
    test: [status(201), `pm.test('version 1', () => pm.expect(pm.response.json()).to.include({ version: 1, price: 9.99, stock: 25 }));`, `pm.collectionVariables.set('productVersion', pm.response.json().version);`],
  }),
  request('Create second product', 'PUT', `${C}/products/{{secondProductId}}`, { description: 'A second product with stock 3: low enough for a critical-stock alert in the stream processor.',
    body: product({ name: 'Difference Engine', price: 5, stock: 3 }),
    test: [status(201), `pm.collectionVariables.set('secondProductVersion', pm.response.json().version);`],
  }),
  request('Get product', 'GET', `${C}/products/{{productId}}`, { description: 'Reads the product back; the ETag carries its version.', test: [status(200), `pm.test('ETag', () => pm.expect(pm.response.headers.get('ETag')).to.eql('"1"'));`] }),
  request('List products', 'GET', `${C}/products?page=1&pageSize=5`, { description: 'GET /products pages through products by id.', test: [status(200), `pm.test('a page', () => pm.expect(pm.response.json().items.length).to.be.within(1, 5));`] }),
  request('Take 5 from stock', 'PATCH', `${C}/products/{{productId}}/stock`, { description: 'PATCH /products/{id}/stock with a signed delta: stock 25 → 20, version 2 (ProductChanged, StockAdjusted).', body: { delta: -5 }, test: [status(200), `pm.test('stock 20', () => pm.expect(pm.response.json()).to.include({ stock: 20, version: 2 }));`] }),
  request('Stock below zero → 409', 'PATCH', `${C}/products/{{secondProductId}}/stock`, { description: 'Taking 4 from a stock of 3 is refused: 409 PRODUCT.INSUFFICIENT_STOCK naming delta.', body: { delta: -4 }, test: [problem('PRODUCT.INSUFFICIENT_STOCK', 409, 'delta')] }),
  request('Review product', 'POST', `${C}/products/{{productId}}/reviews`, { description: 'POST /products/{id}/reviews: the first review of the product gets seq 1 (ReviewAdded).',
    body: { customerId: '{{customerId}}', rating: 5, text: 'Computes anything.' },
    test: [status(201), `pm.test('first review of the product', () => pm.expect(pm.response.json()).to.include({ seq: 1, rating: 5 }));`],
  }),
  request('Review with rating 6 → 400', 'POST', `${C}/products/{{productId}}/reviews`, { description: 'Ratings are 1 to 5: 400 REQUEST.VALIDATION_FAILED naming rating.', body: { customerId: '{{customerId}}', rating: 6, text: '' }, test: [problem('REQUEST.VALIDATION_FAILED', 400, 'rating')] }),
  request('List reviews', 'GET', `${C}/products/{{productId}}/reviews`, { description: 'The product\'s reviews in the order they were written: one so far.', test: [status(200), `pm.test('one review', () => pm.expect(pm.response.json().total).to.eql(1));`] }),
  request('Create product (server-assigned id)', 'POST', `${C}/products`, { description: 'POST /products: the server picks the id (body, Location header, ETag "1").',
    body: product({ name: 'Jacquard Loom', price: 120, stock: 40 }),
    test: [...created('productId', '/products'), `pm.collectionVariables.set('assignedProductId', pm.response.json().productId);`],
  }),
  request('Review a product named in the body (POST /reviews)', 'POST', `${C}/reviews`, { description: 'The Drasi sample\'s route: the product is named in the body rather than the path.',
    body: { productId: '{{assignedProductId}}', customerId: '{{customerId}}', rating: 4, text: 'Weaves patterns.' },
    test: [status(201), `pm.test('first review of that product', () => pm.expect(pm.response.json()).to.include({ productId: pm.collectionVariables.get('assignedProductId'), seq: 1, rating: 4 }));`],
  }),
  request("A product's reviews (GET /reviews/product/{id})", 'GET', `${C}/reviews/product/{{assignedProductId}}`, { description: 'The Drasi sample\'s route for a product\'s reviews: the one review just written.',
    test: [status(200), `pm.test('the one review', () => { const b = pm.response.json(); pm.expect(b.total).to.eql(1); pm.expect(b.items[0]).to.include({ rating: 4, seq: 1 }); });`],
  }),
  request('All reviews, newest first (GET /reviews)', 'GET', `${C}/reviews?page=1&pageSize=5`, { description: 'Every review of every product, newest first, paged; holds the review just written.',
    test: [status(200), `pm.test('a page holding the newest review', () => { const b = pm.response.json(); pm.expect(b).to.include({ page: 1, pageSize: 5 }); pm.expect(b.total).to.be.at.least(2); pm.expect(b.items.map((r) => r.productId)).to.include(pm.collectionVariables.get('assignedProductId')); });`],
  }),
  request('Unknown product → 404', 'GET', `${C}/products/{{productId}}-nothing`, { description: 'An id nobody created: 404 PRODUCT.NOT_FOUND.', test: [problem('PRODUCT.NOT_FOUND', 404)] }),
];

const moved = customer({ addresses: [{ type: 'SHIPPING', address1: '99 New Street', city: 'Leeds', state: 'WY', postalCode: 'LS1 1AA' }] });
const orders = [
  request('Product replica caught up', 'GET', `${O}/product-replicas/{{productId}}?minVersion={{productVersion}}`, { description: 'The orders service\'s copy of the product, fed by catalog.product.events; ?minVersion waits (bounded) until it has the version just written.',
    test: [status(200), `pm.test('name and price', () => pm.expect(pm.response.json()).to.include({ name: 'Analytical Engine', price: 9.99 }));`],
  }),
  request('Second product replica caught up', 'GET', `${O}/product-replicas/{{secondProductId}}?minVersion={{secondProductVersion}}`, { description: 'The same wait for the second product, so orders can price it.', test: [status(200)] }),
  request('Replica caught up to version 1', 'GET', `${O}/customer-replicas/{{customerId}}?minVersion=1`, { description: 'The orders service\'s copy of the customer (from accounts.customer.change) at version 1: display name, tier and shipping address.',
    test: [status(200), `pm.test('replica has the shipping address', () => { const b = pm.response.json(); pm.expect(b.version).to.be.at.least(1); pm.expect(b.shippingAddress.address1).to.eql('1 Engine Yard'); pm.expect(b.tier).to.eql('Gold'); });`],
  }),
  request('Place order', 'POST', `${O}/orders`, { description: 'Places an order priced from the product replica, with the customer\'s shipping address copied in; X-Customer-Min-Version waits for the replica. Status Processing, total 2 × 9.99.',
    body: { customerId: '{{customerId}}', items: [{ productId: '{{productId}}', quantity: 2 }] },
    headers: { 'X-Customer-Min-Version': '1' },
    test: [
      status(201),
      `pm.test('Processing with the shipping address copied in', () => { const b = pm.response.json(); pm.expect(b).to.include({ status: 'Processing', total: 19.98, version: 1 }); pm.expect(b.shippingAddress.address1).to.eql('1 Engine Yard'); });`,
      `pm.collectionVariables.set('orderId', pm.response.json().orderId);`,
    ],
  }),
  request('Move the customer (If-Match "1")', 'PUT', `${A}/customers/{{customerId}}`, { description: 'The customer moves (new SHIPPING address), guarded by If-Match: version 2.',
    body: moved,
    headers: { 'If-Match': '"1"' },
    test: [status(200), `pm.test('version 2', () => pm.expect(pm.response.json().version).to.eql(2));`],
  }),
  request('Replica caught up to version 2', 'GET', `${O}/customer-replicas/{{customerId}}?minVersion=2`, { description: 'The orders service\'s copy now has the new shipping address.',
    test: [status(200), `pm.test('new shipping address', () => pm.expect(pm.response.json().shippingAddress.address1).to.eql('99 New Street'));`],
  }),
  request('Place second order (new address)', 'POST', `${O}/orders`, { description: 'An order placed after the move uses the new address.',
    body: { customerId: '{{customerId}}', items: [{ productId: '{{secondProductId}}', quantity: 1, unitPrice: 5 }] },
    headers: { 'X-Customer-Min-Version': '2' },
    test: [status(201), `pm.test('uses the new address', () => pm.expect(pm.response.json().shippingAddress.address1).to.eql('99 New Street'));`, `pm.collectionVariables.set('secondOrderId', pm.response.json().orderId);`],
  }),
  request('First order keeps its address', 'GET', `${O}/orders/{{orderId}}`, { description: 'An order keeps the address it was placed with: the first order still ships to the old one.',
    test: [status(200), `pm.test('old address', () => pm.expect(pm.response.json().shippingAddress.address1).to.eql('1 Engine Yard'));`, `pm.test('ETag', () => pm.expect(pm.response.headers.get('ETag')).to.eql('"1"'));`],
  }),
  request('Ship first order', 'PUT', `${O}/orders/{{orderId}}/status`, { description: 'PUT /orders/{id}/status with If-Match: Processing → Shipped, version 2 (catalog takes the items from stock).',
    body: { status: 'Shipped' },
    headers: { 'If-Match': '"1"' },
    test: [status(200), `pm.test('Shipped, version 2', () => pm.expect(pm.response.json()).to.include({ status: 'Shipped', version: 2 }));`],
  }),
  request('Stale If-Match → 409', 'PUT', `${O}/orders/{{orderId}}/status`, { description: 'A second status change with the stale If-Match "1": 409 ORDER.VERSION_CONFLICT.',
    body: { status: 'Delivered' },
    headers: { 'If-Match': '"1"' },
    test: [problem('ORDER.VERSION_CONFLICT', 409)],
  }),
  request('Deliver first order', 'PUT', `${O}/orders/{{orderId}}/status`, { description: 'Shipped → Delivered.', body: { status: 'Delivered' }, test: [status(200), `pm.test('Delivered', () => pm.expect(pm.response.json().status).to.eql('Delivered'));`] }),
  request('Invalid transition → 409', 'PUT', `${O}/orders/{{orderId}}/status`, { description: 'A delivered order cannot be cancelled: 409 ORDER.INVALID_TRANSITION.', body: { status: 'Cancelled' }, test: [problem('ORDER.INVALID_TRANSITION', 409, 'status')] }),
  request('Cancel second order', 'PUT', `${O}/orders/{{secondOrderId}}/status`, { description: 'Processing → Cancelled.', body: { status: 'Cancelled' }, test: [status(200), `pm.test('Cancelled', () => pm.expect(pm.response.json().status).to.eql('Cancelled'));`] }),
  request('List orders by customer and status', 'GET', `${O}/orders?customerId={{customerId}}&status=Delivered`, { description: 'GET /orders filtered by customerId and status: only the delivered order.',
    test: [status(200), `pm.test('only the delivered order', () => { const b = pm.response.json(); pm.expect(b.total).to.eql(1); pm.expect(b.items[0].orderId).to.eql(pm.collectionVariables.get('orderId')); });`],
  }),
  request("Customer's orders (compatibility route)", 'GET', `${O}/orders/order/{{customerId}}`, { description: 'The original design\'s route: a customer\'s orders as a plain array.',
    test: [status(200), `pm.test('plain array of both orders', () => { const b = pm.response.json(); pm.expect(b).to.be.an('array').with.lengthOf(2); });`],
  }),
  request('All orders (compatibility route)', 'GET', `${O}/orders/list?pageSize=200`, { description: 'The original design\'s route: every order as a plain array (paged).',
    test: [status(200), `pm.test('plain array', () => pm.expect(pm.response.json()).to.be.an('array').that.is.not.empty);`],
  }),
  request('Order for the sample customer 123456 (numeric id)', 'POST', `${O}/orders`, { description: 'An order for the original design\'s sample customer, its id sent as a JSON number: read as "123456", with the sample\'s name and shipping address.',
    raw: '{\n  "customerId": 123456,\n  "items": [{ "productId": "{{secondProductId}}", "quantity": 1 }]\n}',
    headers: { 'X-Customer-Min-Version': '1' },
    test: [status(201), `pm.test("the sample customer's name and shipping address", () => { const b = pm.response.json(); pm.expect(b).to.include({ customerId: '123456', customerName: 'Mr. Rajesh V. Iyer Jr.' }); pm.expect(b.shippingAddress).to.include({ address1: '123 Oak Street' }).and.not.have.property('address2'); });`, `pm.collectionVariables.set('seedOrderId', pm.response.json().orderId);`],
  }),
  request("The sample customer's orders (GET /orders/order/123456)", 'GET', `${O}/orders/order/123456?pageSize=200`, { description: 'The sample customer\'s orders by the original design\'s route hold the order just placed.',
    test: [status(200), `pm.test('holds the order just placed, for Rajesh', () => pm.expect(pm.response.json().find((o) => o.orderId === pm.collectionVariables.get('seedOrderId'))).to.include({ customerId: '123456', customerName: 'Mr. Rajesh V. Iyer Jr.' }));`],
  }),
  request('Order for an unknown product → 422', 'POST', `${O}/orders`, { description: 'A product the replica does not know: 422 ORDER.PRODUCT_UNKNOWN naming the line.',
    body: { customerId: '{{customerId}}', items: [{ productId: '{{productId}}-nothing', quantity: 1 }] },
    test: [problem('ORDER.PRODUCT_UNKNOWN', 422, 'items[0].productId')],
  }),
  request('Order with a stale price → 422', 'POST', `${O}/orders`, { description: 'A unitPrice that differs from the catalog\'s: 422 ORDER.PRICE_CHANGED naming the line.',
    body: { customerId: '{{customerId}}', items: [{ productId: '{{productId}}', quantity: 1, unitPrice: 1 }] },
    test: [problem('ORDER.PRICE_CHANGED', 422, 'items[0].unitPrice')],
  }),
  request('Order for an unknown customer → 422', 'POST', `${O}/orders`, { description: 'A customer the replica does not know: 422 ORDER.CUSTOMER_UNKNOWN.',
    body: { customerId: '{{customerId}}-nobody', items: [{ productId: '{{productId}}', quantity: 1 }] },
    test: [problem('ORDER.CUSTOMER_UNKNOWN', 422, 'customerId')],
  }),
  request('Unknown order → 404', 'GET', `${O}/orders/00000000-0000-4000-8000-000000000000`, { description: 'A well-formed order id nobody placed: 404 ORDER.NOT_FOUND.', test: [problem('ORDER.NOT_FOUND', 404)] }),
  request('Replica of an unknown customer → 404', 'GET', `${O}/customer-replicas/{{customerId}}-nobody`, { description: 'No replica for a customer nobody created: 404 CUSTOMER_REPLICA.NOT_FOUND.', test: [problem('CUSTOMER_REPLICA.NOT_FOUND', 404)] }),
];

// The views are eventually consistent: a request repeats itself (postman.setNextRequest) until the
// view shows what the earlier requests did, up to POLL_TRIES times, half a second apart.
const S = '{{streamsUrl}}';
const POLL_TRIES = 240;
const pollPause = `if (Number(pm.collectionVariables.get('pollTries') || 0) > 0) setTimeout(() => {}, 500);`;
const poll = (ready, tests) => [
  `const tries = Number(pm.collectionVariables.get('pollTries') || 0);`,
  `const ready = (() => { try { return Boolean(${ready}); } catch (e) { return false; } })();`,
  `if (!ready && tries < ${POLL_TRIES}) {`,
  `  pm.collectionVariables.set('pollTries', tries + 1);`,
  `  postman.setNextRequest(pm.info.requestName);`,
  `} else {`,
  `  pm.collectionVariables.set('pollTries', 0);`,
  `  pm.test('the view caught up', () => pm.expect(ready, 'still not there after ${POLL_TRIES} tries').to.be.true);`,
  ...tests.map((t) => `  ${t}`),
  `}`,
];
const alertFor = (type, idVar) => `pm.response.json().items.find((a) => a.type === '${type}' && a.subjectId === pm.collectionVariables.get('${idVar}'))`;
const streams = [
  request('Catalogue entry (stock and reviews joined)', 'GET', `${S}/catalogue/{{productId}}`, { description: 'The stream processor\'s catalogue view joins product, stock and reviews; polls until it shows stock 18 (25 − 5 − 2 shipped) and the one 5-star review.',
    pre: [pollPause],
    test: poll(`pm.response.code === 200 && pm.response.json().stock === 18 && pm.response.json().reviewCount === 1`, [
      status(200),
      // 25, then -5 by hand and -2 when the first order shipped; one review of 5 stars.
      `pm.test('name, price, stock 18, one review averaging 5', () => pm.expect(pm.response.json()).to.include({ name: 'Analytical Engine', price: 9.99, stock: 18, stockLevel: 'Low', reviewCount: 1, averageRating: 5 }));`,
    ]),
  }),
  request('Catalogue (paged)', 'GET', `${S}/catalogue?page=1&pageSize=5`, { description: 'The catalogue view, paged by product id.',
    test: [status(200), `pm.test('a page', () => { const b = pm.response.json(); pm.expect(b).to.include({ page: 1, pageSize: 5 }); pm.expect(b.items.length).to.be.within(1, 5); pm.expect(b.total).to.be.at.least(2); });`],
  }),
  request('Critical-stock alert for the second product', 'GET', `${S}/alerts?type=critical-stock&pageSize=200`, { description: 'Polls the alerts until the critical-stock alert of the second product (stock 3) is open; the type filter returns only that type.',
    pre: [pollPause],
    test: poll(alertFor('critical-stock', 'secondProductId'), [
      status(200),
      `pm.test('active, stock 3', () => { const a = ${alertFor('critical-stock', 'secondProductId')}; pm.expect(a).to.include({ active: true, closedAt: null }); pm.expect(a.details).to.include({ stock: 3, level: 'Critical' }); pm.expect(a.history).to.have.lengthOf(1); });`,
      `pm.test('only critical-stock alerts', () => pm.expect(pm.response.json().items.every((a) => a.type === 'critical-stock')).to.be.true);`,
    ]),
  }),
  request('Low-stock alert for the first product', 'GET', `${S}/alerts?type=low-stock&pageSize=200`, { description: 'Polls until the low-stock alert of the first product (stock 18) is open.',
    pre: [pollPause],
    test: poll(alertFor('low-stock', 'productId'), [status(200), `pm.test('active, stock 18', () => pm.expect(${alertFor('low-stock', 'productId')}.details).to.include({ stock: 18, level: 'Low' }));`]),
  }),
  request("The product's stream history", 'GET', `${S}/streams/{{productId}}/events?stream=product`, { description: 'The event index: the product\'s ProductChanged events in version order, each with its topic and offset.',
    pre: [pollPause],
    test: poll(`pm.response.json().events.length === 3`, [
      status(200),
      `pm.test('versions 1, 2, 3 in order', () => pm.expect(pm.response.json().events.map((e) => e.aggregateVersion)).to.eql([1, 2, 3]));`,
      `pm.test('product events with their source offsets', () => pm.response.json().events.forEach((e) => { pm.expect(e).to.include({ stream: 'product', type: 'ProductChanged', topic: 'catalog.product.events' }); pm.expect(e.offset).to.match(/^[0-9]+$/); }));`,
    ]),
  }),
  request('Unknown alert type → 400', 'GET', `${S}/alerts?type=bogus`, { description: 'An alert type outside the enum: 400 REQUEST.VALIDATION_FAILED naming type.', test: [problem('REQUEST.VALIDATION_FAILED', 400, 'type')] }),
  request('Unknown catalogue entry → 404', 'GET', `${S}/catalogue/{{productId}}-nothing`, { description: 'A product the view has never seen: 404 CATALOGUE.NOT_FOUND.', test: [problem('CATALOGUE.NOT_FOUND', 404)] }),
  request('Live dashboard page', 'GET', `${S}/dashboard`, { description: 'The dashboard HTML, fed by server-sent events (EventSource).',
    test: [status(200), `pm.test('an HTML page fed by server-sent events', () => { pm.expect(pm.response.headers.get('Content-Type')).to.include('text/html'); pm.expect(pm.response.text()).to.include('EventSource'); });`],
  }),
];

// Audit and loyalty sit behind Dapr sidecars: the audit log fills from orders.order.events, loyalty awards
// points on its cron schedule. Both are eventually consistent, so these requests poll (loyalty longer: a
// fresh loyalty works through every audited order of the topic first).
const AU = '{{auditUrl}}';
const LY = '{{loyaltyUrl}}';
const pollLong = (ready, tests) => poll(ready, tests).map((line) => line.replaceAll(String(POLL_TRIES), '720'));
const auditAndLoyalty = [
  request('Audit log of the first order (three versions)', 'GET', `${AU}/audit/orders/{{orderId}}`, { description: 'The audit service (behind its Dapr sidecar) keeps every OrderChanged; polls until the first order\'s three versions are there.',
    pre: [pollPause],
    test: poll(`pm.response.code === 200 && pm.response.json().versions.length === 3`, [
      status(200),
      `pm.test('Processing, Shipped, Delivered in version order', () => pm.expect(pm.response.json().versions.map((v) => [v.version, v.status])).to.eql([[1, 'Processing'], [2, 'Shipped'], [3, 'Delivered']]));`,
      `pm.test('each version is the event as published', () => pm.expect(pm.response.json().versions[0].event).to.include({ type: 'OrderChanged', aggregateVersion: 1 }));`,
      `pm.collectionVariables.set('firstOrderTotal', pm.response.json().versions[0].total);`,
    ]),
  }),
  request('Audit of an unknown order → 404', 'GET', `${AU}/audit/orders/{{customerId}}-no-order`, { description: 'No audited version: 404 AUDIT.NOT_FOUND.', test: [problem('AUDIT.NOT_FOUND', 404)] }),
  request('Loyalty points of the customer (Gold: total × 2)', 'GET', `${LY}/loyalty/{{customerId}}`, { description: 'Loyalty awards points on its cron schedule from the audited orders (Gold earns twice the total); polls until the first order counts.',
    pre: [pollPause],
    test: pollLong(`pm.response.code === 200 && pm.response.json().points >= 2 * Number(pm.collectionVariables.get('firstOrderTotal'))`, [
      status(200),
      `pm.test('Gold tier from the customer events, at least the first order counted twice over', () => { const b = pm.response.json(); pm.expect(b.tier).to.eql('Gold'); pm.expect(b.awardedOrders).to.be.at.least(1); pm.expect(b.points).to.be.at.least(2 * Number(pm.collectionVariables.get('firstOrderTotal'))); });`,
    ]),
  }),
  request('Run loyalty now', 'POST', `${LY}/loyalty/runs`, { description: 'Runs the loyalty job at once, as the cron binding does, and answers with a run summary (or skipped when a run is under way).',
    test: [status(200), `pm.test('a run summary (or skipped: a cron run is under way)', () => pm.expect(pm.response.json()).to.include.keys('runId', 'skipped', 'candidates', 'outcomes'));`],
  }),
  request('Loyalty of an unknown customer → 404', 'GET', `${LY}/loyalty/{{customerId}}-nobody`, { description: 'No points for a customer nobody created: 404 LOYALTY.NOT_FOUND.', test: [problem('LOYALTY.NOT_FOUND', 404)] }),
  ...[AU, LY].map((base) =>
    request(`${base === AU ? 'audit' : 'loyalty'}: readiness (Dapr sidecar)`, 'GET', `${base}/health`, {
      description: 'Readiness of a Dapr service: 200 only when its sidecar (and through it the state store and bindings) answers.',
      test: [status(200), `pm.test('dapr up', () => pm.expect(pm.response.json().details).to.include.keys('dapr'));`],
    }),
  ),
];

const bad = [
  request('Malformed JSON → 400', 'PUT', `${A}/customers/{{badCustomerId}}`, { description: 'A body that is not JSON: 400 REQUEST.MALFORMED_JSON.', raw: '{"name": ', test: [problem('REQUEST.MALFORMED_JSON', 400)] }),
  request('Unknown field → 400', 'PUT', `${A}/customers/{{badCustomerId}}`, { description: 'A field the document does not declare is refused: 400 naming it.', body: customer({ bogus: 1 }), test: [problem('REQUEST.VALIDATION_FAILED', 400, 'bogus')] }),
  request('Card failing Luhn → 400', 'PUT', `${A}/customers/{{badCustomerId}}`, { description: 'The native route refuses a card failing the Luhn check (400 CUSTOMER.CARD_INVALID) and never echoes the number.',
    body: customer({ creditCards: [{ type: 'PRIMARY', number: BAD_LUHN, expiration: '12/2030', nameOnCard: 'X' }] }),
    test: [problem('CUSTOMER.CARD_INVALID', 400, 'creditCards[0].number'), noCardNumbers],
  }),
  request('Bad tier → 400', 'PUT', `${A}/customers/{{badCustomerId}}`, { description: 'A tier outside Gold, Silver, Bronze: 400 naming tier.', body: customer({ tier: 'Platinum' }), test: [problem('REQUEST.VALIDATION_FAILED', 400, 'tier')] }),
  request('Overlong first name → 400', 'PUT', `${A}/customers/{{badCustomerId}}`, { description: 'A first name over 100 characters: 400 naming name.firstName.',
    body: customer({ name: { firstName: 'x'.repeat(101), lastName: 'L' } }),
    test: [problem('REQUEST.VALIDATION_FAILED', 400, 'name.firstName')],
  }),
  request('Stale If-Match → 409', 'PUT', `${A}/customers/{{customerId}}`, { description: 'A PUT with a stale If-Match: 409 CUSTOMER.VERSION_CONFLICT.', body: customer(), headers: { 'If-Match': '"1"' }, test: [problem('CUSTOMER.VERSION_CONFLICT', 409)] }),
  request('Nothing was written for the rejected customer', 'GET', `${A}/customers/{{badCustomerId}}`, { description: 'None of the rejected requests created the customer: 404.', test: [problem('CUSTOMER.NOT_FOUND', 404)] }),
  request('Order with no items → 400', 'POST', `${O}/orders`, { description: 'An order needs at least one line: 400 naming items.', body: { customerId: '{{customerId}}', items: [] }, test: [problem('REQUEST.VALIDATION_FAILED', 400, 'items')] }),
  request('Order id not a UUID → 400', 'GET', `${O}/orders/not-a-uuid`, { description: 'Order ids are UUIDs: 400 naming id.', test: [problem('REQUEST.VALIDATION_FAILED', 400, 'id')] }),
];

const operations = [A, O, C, S].flatMap((base) => {
  const svc = { [A]: 'accounts', [O]: 'orders', [C]: 'catalog', [S]: 'stream-processor' }[base];
  return [
    request(`${svc}: readiness`, 'GET', `${base}/health`, {
      description: `Readiness of ${svc}: 200 when Kafka and MongoDB answer (503 with the reasons otherwise).`,
      test: [status(200), `pm.test('kafka and mongodb up', () => { const b = pm.response.json(); pm.expect(b.status).to.eql('ok'); pm.expect(b.details).to.include.keys('kafka', 'mongodb'); });`],
    }),
    request(`${svc}: liveness`, 'GET', `${base}/health/live`, { description: `Liveness of ${svc}: the process serves HTTP.`, test: [status(200)] }),
    request(`${svc}: metrics`, 'GET', `${base}/metrics`, { description: `Prometheus metrics of ${svc}, HTTP request durations among them.`, test: [status(200), `pm.test('Prometheus text', () => pm.expect(pm.response.text()).to.include('http_request_duration_seconds'));`] }),
    request(`${svc}: OpenAPI document`, 'GET', `${base}/docs-json`, { description: `The OpenAPI 3 document of ${svc} (Swagger UI at /docs).`, test: [status(200), `pm.test('OpenAPI 3', () => pm.expect(pm.response.json().openapi).to.match(/^3\\./));`] }),
  ];
});

const collection = {
  info: { name: 'cqrs-backbone', description: 'Every endpoint of accounts, catalog, orders, the stream processor, audit and loyalty, with tests. Run in order (the first request makes fresh ids).', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  variable: [{ key: 'customerId', value: '' }],
  item: [
    { name: 'Accounts', item: accounts },
    { name: 'Catalog', item: catalog },
    { name: 'Orders', item: orders },
    { name: 'Stream processor', item: streams },
    { name: 'Audit & loyalty', item: auditAndLoyalty },
    { name: 'Bad input', item: bad },
    { name: 'Operations', item: operations },
  ],
};
const environment = {
  name: 'cqrs-backbone local',
  values: [
    { key: 'accountsUrl', value: 'http://127.0.0.1:3001', enabled: true },
    { key: 'ordersUrl', value: 'http://127.0.0.1:3002', enabled: true },
    { key: 'catalogUrl', value: 'http://127.0.0.1:3003', enabled: true },
    { key: 'streamsUrl', value: 'http://127.0.0.1:3006', enabled: true },
    { key: 'auditUrl', value: 'http://127.0.0.1:3004', enabled: true },
    { key: 'loyaltyUrl', value: 'http://127.0.0.1:3005', enabled: true },
    { key: 'apiKey', value: '', enabled: true },
  ],
};
const out = process.argv[2] ?? here;
writeFileSync(join(out, 'cqrs-backbone.postman_collection.json'), json(collection) + '\n');
writeFileSync(join(out, 'local.postman_environment.json'), json(environment) + '\n');
