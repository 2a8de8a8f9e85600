import { Counter, Gauge, register } from 'prom-client';

export type WaitOutcome = 'reached' | 'timed_out' | 'too_far_ahead' | 'no_slot' | 'failed';

const IN_PROGRESS = 'replica_waits_in_progress';
const TOTAL = 'replica_waits_total';

/** Read-your-writes waits by replica: how many are in progress, and how each ended. */
export const replicaWaitMetrics = {
  inProgress:
    (register.getSingleMetric(IN_PROGRESS) as Gauge<string> | undefined) ??
    new Gauge({ name: IN_PROGRESS, help: 'minVersion waits in progress (at most REPLICA_WAIT_MAX_WAITERS per replica)', labelNames: ['replica'] }),
  total:
    (register.getSingleMetric(TOTAL) as Counter<string> | undefined) ??
    new Counter({
      name: TOTAL,
      help: 'minVersion waits by outcome: reached, timed_out, too_far_ahead or no_slot (answered at once), failed (the store failed)',
      labelNames: ['replica', 'outcome'],
    }),
};
