import { acknowledged, CommandOutcome } from '../load/command-outcome';

/**
 * Customers whose last acknowledged version the orders replica does not reach (it waits, bounded, for
 * `minVersion`; a minute in all): what a command accepted by accounts must lead to downstream.
 */
export async function replicaMisses(ordersUrl: string, outcomes: CommandOutcome[]): Promise<string[]> {
  const latest = new Map<string, number>();
  for (const o of outcomes) {
    if (o.op === 'customer' && acknowledged(o) && o.aggregateId && o.version !== undefined) latest.set(o.aggregateId, Math.max(latest.get(o.aggregateId) ?? 0, o.version));
  }
  let pending = [...latest];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const misses: [string, number, number][] = [];
    for (const [id, version] of pending) {
      const res = await fetch(`${ordersUrl}/customer-replicas/${id}?minVersion=${version}`);
      if (res.status !== 200) misses.push([id, version, res.status]);
    }
    if (misses.length === 0 || Date.now() > deadline) return misses.map(([id, version, status]) => `${id}@${version} (${status})`);
    pending = misses.map(([id, version]) => [id, version]);
  }
}
