/** One command sent under load, and what came of it. */
export interface CommandOutcome {
  op: 'customer' | 'order' | 'ship';
  /** The aggregate the command was for (for a placed order: the id the service gave it, once known). */
  aggregateId?: string;
  /** The aggregate version a 2xx reported: its event is (aggregateId, version). */
  version?: number;
  /** HTTP status; 0 when no response came (connection refused, reset, or the client's timeout). */
  status: number;
  /** The problem's machine-readable code, or the network error's. */
  code?: string;
  /** No response within the client's timeout: a hang. */
  timedOut: boolean;
  startedAt: number;
  ms: number;
}

export const acknowledged = (o: CommandOutcome): boolean => o.status >= 200 && o.status < 300;

/** Counts by status (`503 STORE.UNAVAILABLE`, `0 ECONNREFUSED`, ...). */
export function tally(outcomes: CommandOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = acknowledged(o) ? '2xx' : `${o.status}${o.code ? ` ${o.code}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
