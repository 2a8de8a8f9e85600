import { DaprClient } from './dapr.client';

/**
 * A folder of JSON objects behind a Dapr output binding: bindings.localstorage locally,
 * bindings.gcp.bucket on GKE. Keys go in `fileName` (localstorage) and `key` (GCS); each ignores the other's.
 */
export class BlobBinding {
  private readonly ensured = new Set<string>();

  constructor(
    private readonly dapr: DaprClient,
    readonly name: string,
  ) {}

  async put(key: string, value: unknown): Promise<void> {
    await this.dapr.invokeBinding(this.name, 'create', value, { fileName: key, key, contentType: 'application/json' });
  }

  async get<T>(key: string): Promise<T> {
    return JSON.parse(await this.dapr.invokeBinding(this.name, 'get', null, { fileName: key, key })) as T;
  }

  /**
   * Every object name under `folder` (optionally narrowed to `prefix`, which GCS applies server-side).
   * localstorage fails on a missing folder, and a failure counts against the binding's circuit breaker,
   * so the folder is made to exist first (a `.keep` object, written once per process).
   */
  async list(folder: string, prefix = `${folder}/`): Promise<string[]> {
    if (!this.ensured.has(folder)) {
      await this.put(`${folder}/.keep`, {});
      this.ensured.add(folder);
    }
    return listedNames(await this.dapr.invokeBinding(this.name, 'list', { prefix }, { fileName: folder }));
  }
}

/** localstorage lists paths; a GCS bucket lists object attributes ({ Name }). */
function listedNames(body: string): string[] {
  const parsed = JSON.parse(body || '[]') as unknown;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) => {
    if (typeof item === 'string') return [item];
    const named = item as { Name?: unknown; name?: unknown };
    const name = named.Name ?? named.name;
    return typeof name === 'string' ? [name] : [];
  });
}
