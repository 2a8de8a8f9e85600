import { ChaosContext } from '../chaos-context';
import { caughtUp } from '../checks/stream-views';
import { CatalogueDataset } from '../../dataset/catalogue-dataset';
import { ChaosService } from '../infra/chaos-service';

export const REPLAY_TIMEOUT_MS = 90 * 60_000;

/**
 * The stream processor's settings in a replay scenario: small fetches (and, where given, fewer pending
 * keys than a batch brings, so every fetch round waits for its flush) make the flushed progress, at
 * which the faults are aimed, fine-grained.
 */
export function replayEnv(fetchMaxBytes: number, flushMaxPending?: number): Record<string, string> {
  return {
    LAG_INTERVAL_MS: '500',
    VIEW_FETCH_MAX_BYTES: String(fetchMaxBytes),
    ...(flushMaxPending ? { VIEW_FLUSH_MAX_PENDING: String(flushMaxPending) } : {}),
    VIEW_FLUSH_INTERVAL_MS: '1000',
  };
}

/**
 * The topics replayed once by one stream processor on a database and group of its own (`<scenario>_clean`),
 * untroubled, until the dataset is through: the run a troubled replay is compared with.
 */
export async function cleanReplay(ctx: ChaosContext, scenario: string, dataset: CatalogueDataset, env: Record<string, string>): Promise<{ clean: ChaosService; cleanSeconds: number }> {
  const clean = await ChaosService.create(ctx, 'stream-processor', `${scenario}_clean`, env);
  const cleanStart = new Date();
  await clean.start();
  await caughtUp(ctx.mongo, clean, dataset.ownDocuments(), cleanStart, REPLAY_TIMEOUT_MS);
  const cleanSeconds = (Date.now() - cleanStart.getTime()) / 1000;
  await clean.stop();
  return { clean, cleanSeconds };
}
