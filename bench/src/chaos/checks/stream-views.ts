import { waitFor } from '@app/testing/wait-for';
import { Document, MongoClient } from 'mongodb';
import { ChaosService } from '../infra/chaos-service';

interface ViewHealth {
  lag: number | null;
  lagMeasuredAt: string | null;
}

async function viewsAtLagZero(sp: ChaosService, measuredAfter: string): Promise<boolean> {
  const res = await fetch(`${sp.url}/health`, { signal: AbortSignal.timeout(5_000) });
  const health = (await res.json()) as { info?: { views?: Record<string, ViewHealth | undefined> } };
  return ['catalogue', 'alerts', 'history'].every((view) => {
    const v = health.info?.views?.[view];
    return v?.lag === 0 && (v.lagMeasuredAt ?? '') > measuredAfter;
  });
}

/**
 * The stream processor is through: every view at lag 0 as measured after `since`, every catalogue entry's
 * business events published (empty outbox), then lag 0 measured once more (nothing came in meanwhile).
 */
export async function caughtUp(mongo: MongoClient, sp: ChaosService, filter: Document, since: Date, timeoutMs: number): Promise<void> {
  const catalogue = mongo.db(sp.db).collection('catalogue');
  await waitFor(async () => (await viewsAtLagZero(sp, since.toISOString())) && (await catalogue.countDocuments({ ...filter, 'outbox.0': { $exists: true } })) === 0, {
    timeoutMs, intervalMs: 1000, what: `${sp.app} ${sp.db}: every view at lag 0`,
  });
  const complete = new Date().toISOString();
  await waitFor(() => viewsAtLagZero(sp, complete), { timeoutMs: 60_000, intervalMs: 300, what: `${sp.db}: lag 0 measured again` });
}

/**
 * What must not depend on how the topics interleaved (the replay test's rule): open at-risk alerts only;
 * stock alerts by level; delayed-order alerts whole.
 */
export const comparableAlerts = (alerts: Document[]): Document[] =>
  alerts
    .filter((alert) => alert.type !== 'order-at-risk' || alert.active)
    .map((alert) => (alert.type === 'order-at-risk' ? { _id: alert._id, active: alert.active } : alert.type === 'delayed-gold-order' ? alert : { ...alert, details: { level: alert.details?.level } }));

/** A run's catalogue and alert documents for ids in [prefix, prefix\uffff). */
export async function viewsOf(mongo: MongoClient, db: string, prefix: string): Promise<{ catalogue: Document[]; alerts: Document[] }> {
  const range = { $gte: prefix, $lt: `${prefix}\uffff` };
  const d = mongo.db(db);
  return {
    catalogue: await d.collection<{ _id: string }>('catalogue').find({ _id: range }, { projection: { outboxLease: 0, version: 0 } }).sort({ _id: 1 }).toArray(),
    alerts: comparableAlerts(await d.collection('alerts').find({ subjectId: range }, { projection: { version: 0 } }).sort({ _id: 1 }).toArray()),
  };
}
