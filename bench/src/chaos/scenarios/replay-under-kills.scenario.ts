import { waitFor } from '@app/testing/wait-for';
import { ChaosContext } from '../chaos-context';
import { appliedEvents, caughtUp, differing, viewsOf } from '../checks/stream-views';
import { CatalogueDataset } from '../../dataset/catalogue-dataset';
import { CatalogueDoc } from '../../dataset/expected-catalogue';
import { produceDataset } from '../../dataset/produce-dataset';
import { Prng } from '../../dataset/prng';
import { ChaosService } from '../infra/chaos-service';
import { cleanReplay, REPLAY_TIMEOUT_MS, replayEnv } from '../load/clean-replay';
import { check, none, ScenarioResult } from '../report/scenario-result';

/**
 * A replay of the catalogue topics (products, stock changes, reviews) by a stream processor that is
 * SIGKILLed at random moments and started again each time; its views must end equal to those of a
 * clean run of the same replay, and to what the generated events say.
 */
export async function replayUnderKills(ctx: ChaosContext): Promise<ScenarioResult> {
  const { events, products, kills, fetchMaxBytes, flushMaxPending, latestShare } = ctx.scale.replayKills;
  // Kills land at shares of the events applied, as flushes show them: a flush every second, and at the small
  // size one every fetch round (see ChaosScale), so that progress is fine-grained.
  const PROCESSOR_ENV = replayEnv(fetchMaxBytes, flushMaxPending);
  const startedAt = new Date();
  const prefix = `${ctx.runTag}-k-`;
  const dataset = new CatalogueDataset({ products, events, seed: 7_001, startAt: new Date(startedAt.getTime() - 24 * 3600_000), idPrefix: prefix });
  ctx.log(`producing ${events} catalogue events for ${products} products`);
  const produced = await produceDataset(ctx.kafka, dataset, 3_000);
  const { clean, cleanSeconds } = await cleanReplay(ctx, 'replay', dataset, PROCESSOR_ENV);
  ctx.log(`clean replay: ${cleanSeconds.toFixed(1)} s; now the same replay with ${kills} SIGKILLs`);

  const killed = await ChaosService.create(ctx, 'stream-processor', 'replay_killed', PROCESSOR_ENV);
  // Random points of the replay, as shares of the events the catalogue has applied; killed as soon as it gets there.
  const random = new Prng(4_242);
  // Up to latestShare: a target less than one flush's progress from the end could be reached by the flush that ends the replay.
  const targets = Array.from({ length: kills }, () => 0.03 + (latestShare - 0.03) * random.next()).sort((x, y) => x - y);
  const killedStart = new Date();
  const moments: string[] = [];
  let lateKills = 0;
  for (const target of targets) {
    await killed.start();
    const applied = await waitFor(async () => {
      const n = await appliedEvents(ctx.mongo, killed.db, dataset);
      return n >= target * events ? n : undefined;
    }, { timeoutMs: REPLAY_TIMEOUT_MS, intervalMs: 50, what: `the replay to pass ${Math.round(target * 100)}%` });
    if (applied >= events) lateKills++;
    moments.push(`${((Date.now() - killedStart.getTime()) / 1000).toFixed(1)}s@${((100 * applied) / events).toFixed(1)}%`);
    await killed.kill();
  }
  await killed.start();
  await caughtUp(ctx.mongo, killed, dataset.ownDocuments(), killedStart, REPLAY_TIMEOUT_MS);
  const killedSeconds = (Date.now() - killedStart.getTime()) / 1000;
  await killed.stop();

  const [a, b] = [await viewsOf(ctx.mongo, clean.db, prefix), await viewsOf(ctx.mongo, killed.db, prefix)];
  const byEvents = dataset.expected.check(b.catalogue as unknown as CatalogueDoc[], { final: true, allProducts: true, averageRating: true });
  return {
    id: 'replay-kills',
    title: `Process kills: the stream processor SIGKILLed ${kills} times during a ${events.toLocaleString('en-GB')}-event replay`,
    parameters: { events, products, kills, seed: 4_242, ...PROCESSOR_ENV },
    figures: {
      'events produced': produced.events,
      'clean replay (s)': Math.round(cleanSeconds),
      'replay with kills (s)': Math.round(killedSeconds),
      'kills (time@share of catalogue events applied)': moments.join(' '),
      'catalogue entries': b.catalogue.length,
      'stock alerts': b.alerts.length,
    },
    checks: [
      check(`all ${kills} kills landed while the views were replaying`, lateKills === 0, `${lateKills} after the replay was through`),
      none('catalogue entries equal the clean run', differing(a.catalogue as { _id: unknown }[], b.catalogue as { _id: unknown }[])),
      none('alerts equal the clean run', differing(a.alerts as { _id: unknown }[], b.alerts as { _id: unknown }[])),
      none('catalogue equals what the events say (stock, reviews counted once)', byEvents.mismatches),
      check('a clean run found alerts to compare', a.alerts.length > 0, `${a.alerts.length} alerts`),
    ],
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  };
}
