import { DaprError } from './dapr-error';

export interface StateEntry<T> {
  value: T;
  etag: string;
}

export interface StateWrite<T> {
  key: string;
  value: T;
  /** Write only if the stored ETag is still this one (first-write concurrency). */
  etag?: string;
}

/** Metadata of a pub/sub publish, e.g. `{ rawPayload: 'true', partitionKey: id }`. */
export type PublishMetadata = Record<string, string>;

/** The sidecar's HTTP API (v1.0 and the alpha lock API): bindings, state, locks, pub/sub. */
export class DaprClient {
  constructor(private readonly baseUrl: string) {}

  /** Calls an output binding; resolves with the raw response body. */
  async invokeBinding(name: string, operation: string, data: unknown, metadata: Record<string, string> = {}): Promise<string> {
    return this.call(`binding ${name}/${operation}`, 'POST', `/v1.0/bindings/${name}`, { operation, data, metadata });
  }

  async getState<T>(store: string, key: string): Promise<StateEntry<T> | undefined> {
    const res = await this.fetch(`state get ${key}`, 'GET', `/v1.0/state/${store}/${encodeURIComponent(key)}`);
    if (res.status === 204) return undefined;
    const body = await res.text();
    if (!res.ok) throw new DaprError(`state get ${key}`, res.status, body);
    return { value: JSON.parse(body) as T, etag: res.headers.get('etag') ?? '' };
  }

  /** Several keys at once; absent keys are left out of the map. */
  async getBulkState<T>(store: string, keys: readonly string[]): Promise<Map<string, StateEntry<T>>> {
    const found = new Map<string, StateEntry<T>>();
    if (keys.length === 0) return found;
    const body = await this.call(`state bulk get`, 'POST', `/v1.0/state/${store}/bulk`, { keys, parallelism: 10 });
    for (const item of JSON.parse(body) as { key: string; data?: T; etag?: string }[]) {
      if (item.data !== undefined) found.set(item.key, { value: item.data, etag: item.etag ?? '' });
    }
    return found;
  }

  /** Saves entries; an entry with an ETag is refused (DaprError.etagMismatch) if the stored one differs. */
  async saveState<T>(store: string, writes: readonly StateWrite<T>[]): Promise<void> {
    const body = writes.map((w) =>
      w.etag === undefined ? { key: w.key, value: w.value } : { key: w.key, value: w.value, etag: w.etag, options: { concurrency: 'first-write' } },
    );
    await this.call('state save', 'POST', `/v1.0/state/${store}`, body);
  }

  /** Tries once to take a lock; false if someone else holds it. */
  async tryLock(store: string, resourceId: string, lockOwner: string, expiryInSeconds: number): Promise<boolean> {
    const body = await this.call(`lock ${resourceId}`, 'POST', `/v1.0-alpha1/lock/${store}`, { resourceId, lockOwner, expiryInSeconds });
    return (JSON.parse(body) as { success?: boolean }).success === true;
  }

  /** Releases a lock; false if it had expired or belongs to another owner by now. */
  async unlock(store: string, resourceId: string, lockOwner: string): Promise<boolean> {
    const body = await this.call(`unlock ${resourceId}`, 'POST', `/v1.0-alpha1/unlock/${store}`, { resourceId, lockOwner });
    return ((JSON.parse(body) as { status?: number }).status ?? 0) === 0;
  }

  async publish(pubsub: string, topic: string, data: unknown, metadata: PublishMetadata = {}): Promise<void> {
    const query = new URLSearchParams(Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`metadata.${k}`, v]))).toString();
    await this.call(`publish ${topic}`, 'POST', `/v1.0/publish/${pubsub}/${topic}${query ? `?${query}` : ''}`, data);
  }

  /** 204 when the sidecar and its components are ready for the app's outbound calls. */
  async outboundHealthy(): Promise<boolean> {
    const res = await this.fetch('healthz', 'GET', '/v1.0/healthz/outbound').catch(() => undefined);
    return res?.status === 204;
  }

  private async call(operation: string, method: string, path: string, body?: unknown): Promise<string> {
    const res = await this.fetch(operation, method, path, body);
    const text = await res.text();
    if (!res.ok) throw new DaprError(operation, res.status, text);
    return text;
  }

  private async fetch(operation: string, method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new DaprError(operation, 0, (error as Error).message);
    }
  }
}
