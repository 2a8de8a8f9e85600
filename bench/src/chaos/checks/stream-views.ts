import { comparableAlerts, viewsCaughtUp } from '@app/testing/views-caught-up';
import { Document, MongoClient } from 'mongodb';
import { ChaosService } from '../infra/chaos-service';

/**
 * The stream processor is through: every view at lag 0 as measured after `since`, every catalogue entry's
 * business events published (empty outbox), then lag 0 measured once more (nothing came in meanwhile).
 */
export async function caughtUp(mongo: MongoClient, sp: ChaosService, filter: Document, since: Date, timeoutMs: number): Promise<void> {
  const catalogue = mongo.db(sp.db).collection('catalogue');
  await viewsCaughtUp(sp.url, {
    since,
    done: async () => (await catalogue.countDocuments({ ...filter, 'outbox.0': { $exists: true } })) === 0,
    timeoutMs,
    what: `${sp.app} ${sp.db}: every view at lag 0`,
  });
}

/** A run's catalogue and alert documents for ids in [prefix, prefix\uffff). */
export async function viewsOf(mongo: MongoClient, db: string, prefix: string): Promise<{ catalogue: Document[]; alerts: Document[] }> {
  const range = { $gte: prefix, $lt: `${prefix}\uffff` };
  const d = mongo.db(db);
  return {
    catalogue: await d.collection<{ _id: string }>('catalogue').find({ _id: range }, { projection: { outboxLease: 0, version: 0 } }).sort({ _id: 1 }).toArray(),
    alerts: comparableAlerts(await d.collection('alerts').find({ subjectId: range }, { projection: { version: 0 } }).sort({ _id: 1 }).toArray()),
  };
}
