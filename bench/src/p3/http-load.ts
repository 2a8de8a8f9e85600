import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  /** Each request PUTs a new customer: `/customers/<idPrefix>-<n>`. */
  idPrefix: string;
  body: string;
  seconds: number;
  connections: number;
  /** Requests per second over all connections; absent: as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number; mean: number };
}

/** One autocannon run of PUT /customers/{new id}. */
export async function putCustomers(spec: LoadSpec): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    requests: [
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: spec.body,
        setupRequest: (req) => ({ ...req, path: `/customers/${spec.idPrefix}-${n++}` }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requests: result.requests.total,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    requestsPerSecond: ok / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
  };
}
