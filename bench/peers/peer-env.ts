/** The peers' settings, read and checked in one place: a missing one stops the peer with its name. */
export function peerEnv<K extends string>(...keys: K[]): Record<K, string> {
  const missing = keys.filter((k) => !process.env[k]);
  if (missing.length > 0) {
    process.stderr.write(`missing environment: ${missing.join(', ')}\n`);
    process.exit(78);
  }
  return Object.fromEntries(keys.map((k) => [k, process.env[k] as string])) as Record<K, string>;
}

/** The one JSON line a one-shot peer prints as its result. */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
