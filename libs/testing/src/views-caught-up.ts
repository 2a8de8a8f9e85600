import { waitFor } from './wait-for';

interface ViewLag {
  lag: number | null;
  lagMeasuredAt: string | null;
}

const VIEWS = ['catalogue', 'alerts', 'history'];

/** Whether every view of the stream processor at `url` reports lag 0, measured after `measuredAfter` (ISO time). */
export async function viewsAtLagZero(url: string, measuredAfter = ''): Promise<boolean> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  const health = (await res?.json().catch(() => undefined)) as { info?: { views?: Record<string, ViewLag | undefined> } } | undefined;
  return VIEWS.every((view) => {
    const v = health?.info?.views?.[view];
    return v?.lag === 0 && (v.lagMeasuredAt ?? '') > measuredAfter;
  });
}

/**
 * The one "views caught up" wait of the tests, benchmarks and chaos harness: every view at lag 0 as
 * measured after `since`, and `done()` — what the caller knows must be there, asked only once the cheap
 * lag check passes — then lag 0 measured once more after that (nothing came in meanwhile).
 */
export async function viewsCaughtUp(
  url: string,
  { since = new Date(0), done = () => Promise.resolve(true), timeoutMs, what }: { since?: Date; done?: () => Promise<boolean>; timeoutMs: number; what: string },
): Promise<void> {
  await waitFor(async () => ((await viewsAtLagZero(url, since.toISOString())) && (await done()) ? true : undefined), { timeoutMs, intervalMs: 1000, what });
  const complete = new Date().toISOString();
  await waitFor(async () => ((await viewsAtLagZero(url, complete)) ? true : undefined), { timeoutMs: 60_000, intervalMs: 300, what: `${what}: lag 0 measured again` });
}

/**
 * What of the alerts view must not depend on how the topics interleaved: open at-risk alerts only (their
 * evaluation follows arrival order across topics), stock alerts by level, delayed-order alerts whole.
 */
export const comparableAlerts = (alerts: Record<string, unknown>[]): Record<string, unknown>[] =>
  alerts
    .filter((alert) => alert.type !== 'order-at-risk' || alert.active)
    .map((alert) =>
      alert.type === 'order-at-risk'
        ? { _id: alert._id, active: alert.active }
        : alert.type === 'delayed-gold-order'
          ? alert
          : { ...alert, details: { level: (alert.details as { level?: unknown } | undefined)?.level } },
    );
