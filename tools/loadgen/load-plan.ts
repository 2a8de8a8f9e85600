/** One order request's outcome on one path. */
export type PathName = 'direct' | 'dapr';

export interface PathTally {
  ok: number;
  failed: number;
  /** Failures by HTTP status or error code. */
  reasons: Record<string, number>;
}

export const emptyTally = (): PathTally => ({ ok: 0, failed: 0, reasons: {} });

export function record(tally: PathTally, outcome: { ok: true } | { ok: false; reason: string }): void {
  if (outcome.ok) {
    tally.ok++;
    return;
  }
  tally.failed++;
  tally.reasons[outcome.reason] = (tally.reasons[outcome.reason] ?? 0) + 1;
}

/** The 10 customers the load is spread over, one after the other. */
export const customerIds = (run: string): string[] => Array.from({ length: 10 }, (_, i) => `${run}-cust-${i}`);
