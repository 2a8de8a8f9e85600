import { waitFor } from '@app/testing/wait-for';
import { ChaosContext } from '../chaos-context';
import { appliedEvents, caughtUp, differing, indexedEvents, viewsOf } from '../checks/stream-views';
import { CatalogueDataset } from '../../dataset/catalogue-dataset';
import { CatalogueDoc } from '../../dataset/expected-catalogue';
import { produceDataset } from '../../dataset/produce-dataset';
import { Prng } from '../../dataset/prng';
import { ChaosService } from '../infra/chaos-service';
import { cleanReplay, REPLAY_TIMEOUT_MS, replayEnv } from '../load/clean-replay';
import { check, none, ScenarioResult } from '../report/scenario-result';

/**
 * A scaled-out stream processor whose membership keeps changing under a steady stream of catalogue
 * events: two of three instances in one consumer group start, and at random points of the stream one
 * is SIGKILLed, stopped or started, each change a rebalance that moves partitions (and their keyed
 * state) between the members. Its views must end equal to those of one clean processor's replay of the
 * same topics and to what the generated events say, and its event index must hold every event, each
 * topic record once.
 */
export async function scaleOutChurn(ctx: ChaosContext): Promise<ScenarioResult> {
  const { events, products, ratePerSecond, instances, changes, fetchMaxBytes } = ctx.scale.scaleOut;
  // A SIGKILLed member holds its partitions until its session ends: short, so the others take over soon.
  const PROCESSOR_ENV = { ...replayEnv(fetchMaxBytes), KAFKA_SESSION_TIMEOUT_MS: '10000' };
  const startedAt = new Date();
  const prefix = `${ctx.runTag}-o-`;
  const dataset = new CatalogueDataset({ products, events, seed: 7_002, startAt: new Date(startedAt.getTime() - 24 * 3600_000), idPrefix: prefix });

  // One database and one consumer group: the fleet is one scaled-out stream processor.
  const fleet = await Promise.all(Array.from({ length: instances }, () => ChaosService.create(ctx, 'stream-processor', 'scale_fleet', PROCESSOR_ENV)));
  const running = new Set<ChaosService>(fleet.slice(0, 2));
  await Promise.all([...running].map((s) => s.start()));
  ctx.log(`producing ${events} catalogue events for ${products} products at ${ratePerSecond}/s; ${changes} membership changes meanwhile`);
  const fleetStart = new Date();
  let producedSoFar = 0;
  const production = produceDataset(ctx.kafka, dataset, Math.max(100, ratePerSecond / 10), { ratePerSecond, produced: (n) => (producedSoFar = n) });
  const random = new Prng(5_151);
  // Shares of the stream, the last well before its end: a start waits for the new member's join.
  const targets = Array.from({ length: changes }, () => 0.05 + 0.75 * random.next()).sort((x, y) => x - y);
  const moments: string[] = [];
  let late = 0;
  for (const target of targets) {
    await waitFor(() => producedSoFar >= target * events, { timeoutMs: REPLAY_TIMEOUT_MS, intervalMs: 50, what: `${Math.round(target * 100)}% of the events produced` });
    if (producedSoFar >= events) late++;
    const applied = await appliedEvents(ctx.mongo, fleet[0].db, dataset);
    const at = `${((Date.now() - fleetStart.getTime()) / 1000).toFixed(1)}s (${Math.round((100 * producedSoFar) / events)}% produced, ${Math.round((100 * applied) / events)}% applied)`;
    const member = fleet[Math.floor(random.next() * fleet.length)];
    const leave = random.next() < 0.5 ? 'SIGKILL' : 'SIGTERM';
    // The last member is never taken: someone must go on.
    if (running.has(member) && running.size > 1) {
      await member.kill(leave);
      running.delete(member);
      moments.push(`${leave} ${member.port} at ${at}`);
    } else {
      const joining = running.has(member) ? (fleet.find((s) => !running.has(s)) as ChaosService) : member;
      running.add(joining);
      moments.push(`start ${joining.port} at ${at}`);
      await joining.start();
    }
  }
  const produced = await production;
  const survivor = [...running][0];
  await caughtUp(ctx.mongo, survivor, dataset.ownDocuments(), fleetStart, REPLAY_TIMEOUT_MS);
  const fleetSeconds = (Date.now() - fleetStart.getTime()) / 1000;
  await Promise.all([...running].map((s) => s.stop()));
  ctx.log(`the fleet is through in ${fleetSeconds.toFixed(1)} s; now one processor replays the same topics`);
  const { clean, cleanSeconds } = await cleanReplay(ctx, 'scale', dataset, PROCESSOR_ENV);

  const [a, b] = [await viewsOf(ctx.mongo, clean.db, prefix), await viewsOf(ctx.mongo, survivor.db, prefix)];
  const byEvents = dataset.expected.check(b.catalogue as unknown as CatalogueDoc[], { final: true, allProducts: true, averageRating: true });
  // Both runs published their stock alerts to one topic, so each indexed both copies: the same event ids, other records.
  const [cleanIndex, fleetIndex] = [await indexedEvents(ctx.mongo, clean.db, prefix), await indexedEvents(ctx.mongo, survivor.db, prefix)];
  const missing = [...cleanIndex.eventIds].filter((id) => !fleetIndex.eventIds.has(id));
  const extra = [...fleetIndex.eventIds].filter((id) => !cleanIndex.eventIds.has(id));
  return {
    id: 'scale-out',
    title: `Scale-out: ${instances} stream processors in one group, ${changes} membership changes (SIGKILL, SIGTERM, start) under ${events.toLocaleString('en-GB')} events at ${ratePerSecond}/s`,
    parameters: { events, products, ratePerSecond, instances, changes, seed: 5_151, ...PROCESSOR_ENV },
    figures: {
      'events produced': produced.events,
      'fleet through, from the first event (s)': Math.round(fleetSeconds),
      'one-processor replay (s)': Math.round(cleanSeconds),
      'changes (member, time, progress)': moments.join('; '),
      'catalogue entries': b.catalogue.length,
      'events indexed': fleetIndex.eventIds.size,
    },
    checks: [
      check(`all ${changes} membership changes came while the events were still coming`, late === 0, `${late} after the last event was produced`),
      none('catalogue entries equal the one-processor run', differing(a.catalogue as { _id: unknown }[], b.catalogue as { _id: unknown }[])),
      none('alerts equal the one-processor run', differing(a.alerts as { _id: unknown }[], b.alerts as { _id: unknown }[])),
      none('catalogue equals what the events say (stock, reviews counted once)', byEvents.mismatches),
      none('the event index holds every event the one-processor run indexed', missing),
      none('the event index holds no event the one-processor run did not', extra),
      none('the event index holds each topic record once', fleetIndex.twice),
      check('the event index holds the dataset (the checks are not vacuous)', cleanIndex.eventIds.size >= events, `${cleanIndex.eventIds.size} events`),
    ],
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  };
}
