import { customerDocument, uniqueName } from '@app/testing';
import { connect } from 'node:net';
import { daprTestEnv, useAuditAndLoyalty } from './dapr-stack';
import { http, useRunningStack } from './stack';

// Hostile and malformed requests against all six services as real processes: every refusal is a small
// problem+json with a code, never a stack trace, an internal message, a 500 or a hang.
const stack = useRunningStack({ streams: {} });
const { accounts, orders, catalog, streams } = stack;
const apps = useAuditAndLoyalty(daprTestEnv());

const services = () => ({ accounts, orders, catalog, streams, audit: apps.audit().app, loyalty: apps.loyalty().app });
type ServiceName = keyof ReturnType<typeof services>;
const urlOf = (service: ServiceName) => services()[service].url;

/** What must never reach a client: stack frames, file paths, exception class names or parser internals. */
const INTERNALS = /\bat [\w.<>]+ \(|\.(?:js|ts):\d+|node_modules|\/work\/|\bdist\/|TypeError|RangeError|SyntaxError|ReferenceError|Unexpected token|stack/;

/** A request with a time limit: a hang fails the test instead of timing it out. */
async function send(method: string, url: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method, body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Writes raw bytes to a service and returns everything it answers before closing. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer within 15 s')));
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.end(request);
  });
}

function expectProblem(res: { status: number; type: string; text: string }, status: number, code: string): void {
  expect({ status: res.status, type: res.type.split(';')[0] }).toEqual({ status, type: 'application/problem+json' });
  expect(JSON.parse(res.text)).toMatchObject({ status, code });
  expect(res.text).not.toMatch(INTERNALS);
  expect(res.text.length).toBeLessThan(16 * 1024);
}

describe('every path id is validated', () => {
  const bad = encodeURIComponent('bad id!');
  const tooLong = 'x'.repeat(65);
  const uuid = '00000000-0000-4000-8000-000000000000';
  // [service, method, path template (as in the OpenAPI document), the parameter's field name, a valid body]
  const routes: [ServiceName, string, string, string, unknown?][] = [
    ['accounts', 'PUT', '/customers/{id}', 'id', customerDocument()],
    ['accounts', 'GET', '/customers/{id}', 'id'],
    ['accounts', 'PATCH', '/customers/{id}', 'id', { tier: 'Gold' }],
    ['catalog', 'PUT', '/products/{id}', 'id', { name: 'n', description: 'd', price: 1, stock: 1 }],
    ['catalog', 'GET', '/products/{id}', 'id'],
    ['catalog', 'PATCH', '/products/{id}/stock', 'id', { delta: 1 }],
    ['catalog', 'POST', '/products/{id}/reviews', 'id', { customerId: 'c-1', rating: 5, text: 't' }],
    ['catalog', 'GET', '/products/{id}/reviews', 'id'],
    ['catalog', 'GET', '/reviews/product/{id}', 'id'],
    ['orders', 'GET', '/orders/{id}', 'id'],
    ['orders', 'PUT', '/orders/{id}/status', 'id', { status: 'Shipped' }],
    ['orders', 'GET', '/orders/order/{customerId}', 'customerId'],
    ['orders', 'GET', '/customer-replicas/{customerId}', 'customerId'],
    ['orders', 'GET', '/product-replicas/{productId}', 'productId'],
    ['streams', 'GET', '/catalogue/{id}', 'id'],
    ['streams', 'GET', '/streams/{id}/events', 'id'],
    ['audit', 'GET', '/audit/orders/{id}', 'id'],
    ['loyalty', 'GET', '/loyalty/{id}', 'id'],
  ];

  it('this table lists every route with a path parameter that the six OpenAPI documents describe', async () => {
    const described: string[] = [];
    for (const service of Object.keys(services()) as ServiceName[]) {
      const doc = (await http('GET', `${urlOf(service)}/docs-json`)).body as { paths: Record<string, Record<string, unknown>> };
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!path.includes('{')) continue;
        for (const method of Object.keys(item)) described.push(`${service} ${method.toUpperCase()} ${path}`);
      }
    }
    expect(described.sort()).toEqual(routes.map(([s, m, p]) => `${s} ${m} ${p}`).sort());
  });

  // Every row has five elements: with fewer, Jest would take the test's fifth parameter for `done`.
  const rows = routes.map(([service, method, path, field, body]) => [service, method, path, field, body ?? null] as const);
  it.each(rows)('%s %s %s refuses a malformed and an overlong id (400 naming %s)', async (service, method, path, field, body) => {
    for (const id of [bad, tooLong]) {
      const res = await send(method, `${urlOf(service)}${path.replace(/\{\w+\}/, id)}`, body === null ? undefined : JSON.stringify(body));
      expectProblem(res, 400, 'REQUEST.VALIDATION_FAILED');
      expect(JSON.parse(res.text).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // An id with the wrong shape for orders (not a UUID) is refused too; a well-formed one gets past validation.
    if (service === 'orders' && field === 'id') {
      const json = body === null ? undefined : JSON.stringify(body);
      expect((await send(method, `${urlOf(service)}${path.replace('{id}', 'c-1')}`, json)).status).toBe(400);
      expect((await send(method, `${urlOf(service)}${path.replace('{id}', uuid)}`, json)).status).toBe(404);
    }
  });
});

describe('unknown query parameters are refused', () => {
  const withQueryDto: [ServiceName, string][] = [
    ['accounts', '/customers'],
    ['catalog', '/products'],
    ['catalog', '/products/p-1/reviews'],
    ['catalog', '/reviews'],
    ['catalog', '/reviews/product/p-1'],
    ['orders', '/orders'],
    ['orders', '/orders/list'],
    ['orders', '/orders/order/c-1'],
    ['orders', '/orders/00000000-0000-4000-8000-000000000000'],
    ['orders', '/customer-replicas/c-1'],
    ['orders', '/product-replicas/p-1'],
    ['streams', '/catalogue'],
    ['streams', '/alerts'],
    ['streams', '/streams/p-1/events'],
  ];
  const withoutQueryDto: [ServiceName, string, string][] = [
    ['accounts', 'GET', '/customers/c-1'],
    ['accounts', 'PUT', '/customers/c-1'],
    ['catalog', 'GET', '/products/p-1'],
    ['streams', 'GET', '/catalogue/p-1'],
    ['streams', 'GET', '/dashboard/snapshot'],
    ['audit', 'GET', '/audit/orders/o-1'],
    ['loyalty', 'GET', '/loyalty/c-1'],
    ['loyalty', 'POST', '/loyalty/runs'],
  ];

  it.each(withQueryDto)('%s GET %s?bogus=1 → 400 naming bogus (the query DTO whitelists)', async (service, path) => {
    const res = await send('GET', `${urlOf(service)}${path}?bogus=1`);
    expectProblem(res, 400, 'REQUEST.VALIDATION_FAILED');
    expect(JSON.parse(res.text).errors).toEqual([{ field: 'bogus', message: 'property bogus should not exist' }]);
  });

  it.each(withoutQueryDto)('%s %s %s?bogus=1 → 400 naming bogus (a route without a query DTO takes none)', async (service, method, path) => {
    const id = uniqueName('q');
    const res = await send(method, `${urlOf(service)}${path.replace('c-1', id)}?bogus=1`, method === 'PUT' ? JSON.stringify(customerDocument()) : undefined);
    expectProblem(res, 400, 'REQUEST.VALIDATION_FAILED');
    expect(JSON.parse(res.text).errors).toEqual([{ field: 'bogus', message: 'property bogus should not exist' }]);
    expect((await send('GET', `${accounts.url}/customers/${id}`)).status).toBe(404);
  });

  it('a repeated known parameter is refused, not silently read as its first value', async () => {
    expectProblem(await send('GET', `${accounts.url}/customers?page=1&page=2`), 400, 'REQUEST.VALIDATION_FAILED');
  });
});

describe('size limits', () => {
  it('a URL over 8 kB → 414 REQUEST.URI_TOO_LONG (a problem, not a hang)', async () => {
    for (const service of Object.keys(services()) as ServiceName[]) {
      expectProblem(await send('GET', `${urlOf(service)}/health?${'a'.repeat(9000)}`), 414, 'REQUEST.URI_TOO_LONG');
    }
    // At the limit it is routed as usual (here: refused for its unknown parameter, not for its length).
    const atLimit = `/customers?x=${'a'.repeat(8192 - '/customers?x='.length)}`;
    expect((await send('GET', `${accounts.url}${atLimit}`)).status).toBe(400);
  });

  it("request line and headers over Node's 16 kB → 431 REQUEST.HEADERS_TOO_LARGE as problem+json", async () => {
    for (const target of [`/customers?x=${'a'.repeat(17_000)}`, '/customers']) {
      const answer = await raw(accounts.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nX-Filler: ${'b'.repeat(target.length > 100 ? 1 : 17_000)}\r\n\r\n`);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1.1 431 /);
      expect(head).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
    }
  });

  it('malformed HTTP → 400 REQUEST.MALFORMED_HTTP as problem+json', async () => {
    const answer = await raw(orders.port, 'GET /orders HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_HTTP' });
  });

  it('a body over 256 kB → 413 REQUEST.TOO_LARGE; nothing is written', async () => {
    const id = uniqueName('big');
    const body = JSON.stringify(customerDocument({ name: { firstName: 'x'.repeat(300 * 1024), lastName: 'B' } }));
    expectProblem(await send('PUT', `${accounts.url}/customers/${id}`, body), 413, 'REQUEST.TOO_LARGE');
    expect((await send('GET', `${accounts.url}/customers/${id}`)).status).toBe(404);
  });
});

describe('no internals in any error response', () => {
  const deepArray = `{"name": ${'['.repeat(120_000)}${']'.repeat(120_000)}}`;
  const deepObject = `{"name": ${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}`;
  const hugeArray = JSON.stringify(customerDocument({ creditCards: Array.from({ length: 60_000 }, () => 1) }));
  const hugeItems = JSON.stringify({ customerId: 'c-1', items: Array.from({ length: 40_000 }, () => ({})) });
  // Under the array cap but over the DTO's 100 items: each bad item is a problem, only 50 are listed.
  const manyBadItems = JSON.stringify({ customerId: 'c-1', items: Array.from({ length: 1000 }, () => ({ productId: '', quantity: 0 })) });
  const nested12 = `{"name": ${'{"a":'.repeat(12)}1${'}'.repeat(12)}}`;
  const cases: [string, ServiceName, string, string, string | undefined, Record<string, string>, number, string][] = [
    ['malformed JSON', 'accounts', 'PUT', '/customers/c-1', '{"name": ', {}, 400, 'REQUEST.MALFORMED_JSON'],
    ['a JSON string instead of an object', 'catalog', 'PUT', '/products/p-1', '"text"', {}, 400, 'REQUEST.MALFORMED_JSON'],
    ['a JSON array instead of an object', 'catalog', 'PUT', '/products/p-1', '[]', {}, 400, 'REQUEST.VALIDATION_FAILED'],
    ['nesting 120,000 arrays deep', 'accounts', 'PUT', '/customers/c-1', deepArray, {}, 400, 'REQUEST.TOO_DEEP'],
    ['nesting 40,000 objects deep', 'accounts', 'PUT', '/customers/c-1', deepObject, {}, 400, 'REQUEST.TOO_DEEP'],
    ['nesting 12 objects deep where a name belongs', 'accounts', 'PUT', '/customers/c-1', nested12, {}, 400, 'REQUEST.VALIDATION_FAILED'],
    ['60,000 cards', 'accounts', 'PUT', '/customers/c-1', hugeArray, {}, 400, 'REQUEST.ARRAY_TOO_LONG'],
    ['40,000 order items', 'orders', 'POST', '/orders', hugeItems, {}, 400, 'REQUEST.ARRAY_TOO_LONG'],
    ['1,000 bad order items', 'orders', 'POST', '/orders', manyBadItems, {}, 400, 'REQUEST.VALIDATION_FAILED'],
    ['__proto__ and constructor keys', 'catalog', 'PUT', '/products/p-1', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"name":"n","description":"d","price":1,"stock":1}', {}, 400, 'REQUEST.FORBIDDEN_KEY'],
    ['text/plain', 'orders', 'POST', '/orders', 'customerId=c-1', { 'content-type': 'text/plain' }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['a form', 'catalog', 'PATCH', '/products/p-1/stock', 'delta=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', 'loyalty', 'POST', '/loyalty/runs', '{}', { 'content-type': '' }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['an unsupported charset', 'accounts', 'PUT', '/customers/c-1', '{}', { 'content-type': 'application/json; charset=ebcdic' }, 415, 'REQUEST.UNSUPPORTED_ENCODING'],
    ['an unsupported content encoding', 'accounts', 'PUT', '/customers/c-1', '{}', { 'content-encoding': 'br-nonsense' }, 415, 'REQUEST.UNSUPPORTED_ENCODING'],
    ['a broken percent-encoding in the path', 'accounts', 'GET', '/customers/%E0%A4%A', undefined, {}, 400, 'REQUEST.MALFORMED_URL'],
    ['an unknown route', 'streams', 'GET', '/nope', undefined, {}, 404, 'REQUEST.ROUTE_NOT_FOUND'],
    ['a method the route does not have', 'accounts', 'DELETE', '/customers/c-1', undefined, {}, 404, 'REQUEST.ROUTE_NOT_FOUND'],
    ['a method the route does not have (audit)', 'audit', 'POST', '/audit/orders/o-1', '{}', {}, 404, 'REQUEST.ROUTE_NOT_FOUND'],
    ['a bad If-Match', 'catalog', 'PUT', '/products/p-1', '{"name":"n","description":"d","price":1,"stock":1}', { 'if-match': '"x"' }, 400, 'REQUEST.BAD_IF_MATCH'],
  ];

  it.each(cases)('%s → %d-class problem without internals', async (_what, service, method, path, body, headers, status, code) => {
    const merged = Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...headers }).filter(([, v]) => v !== ''));
    const res = await fetch(`${urlOf(service)}${path}`, { method, body, headers: merged, signal: AbortSignal.timeout(15_000) });
    expectProblem({ status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }, status, code);
  });

  it('the services are still healthy afterwards', async () => {
    for (const service of Object.keys(services()) as ServiceName[]) expect((await send('GET', `${urlOf(service)}/health`)).status).toBe(200);
  });
});
