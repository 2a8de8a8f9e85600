import { Counter, register } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]): Counter<string> =>
  (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames });

export const loyaltyMetrics = {
  runs: counter('loyalty_runs_total', 'Loyalty runs by outcome (completed, failed, skipped_busy)', ['outcome']),
  orders: counter(
    'loyalty_orders_total',
    'Orders a run handled, by outcome (awarded, already_counted, no_points, etag_conflict, lock_timeout, failed)',
    ['outcome'],
  ),
};
