import { SingleBar } from 'cli-progress';
import { positions } from './kafka-positions';
import { RebuildProcess } from './rebuild-process';
import { ReplayContext } from './replay-context';
import { formatEta, PartitionPosition, progressOf, rateAndEta } from './replay-progress';

const RATE_WINDOW_MS = 5000;

/**
 * Draws the rebuild's progress (events/s, position against the topics' end offsets, ETA) from the
 * group's committed offsets until it has caught up with the end, and returns its final positions.
 */
export async function followUntilCaughtUp(ctx: ReplayContext, label: string, groupId: string, topics: string[], process: RebuildProcess): Promise<PartitionPosition[]> {
  const bar = new SingleBar({
    format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | ETA {etaText}`,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: true,
  });
  const started = Date.now();
  // The rate is taken over the last few seconds: commits come per batch, so two close samples often see none.
  const window: { done: number; at: number }[] = [{ done: 0, at: started }];
  bar.start(1, 0, { rate: '0', etaText: '--:--' });
  try {
    for (;;) {
      if (!process.running) throw new Error(`the rebuild process of ${label} exited with ${await process.exited}; see ${process.logFile}`);
      if (Date.now() - started > ctx.options.timeoutMs) throw new Error(`${label} did not catch up within ${ctx.options.timeoutMs / 1000} s`);
      const now = await positions(ctx.admin, groupId, topics);
      const progress = progressOf(now);
      const sample = { ...progress, at: Date.now() };
      while (window.length > 1 && sample.at - window[0].at > RATE_WINDOW_MS) window.shift();
      const { rate, etaSeconds } = rateAndEta(window[0], sample);
      window.push(sample);
      bar.setTotal(Math.max(1, progress.total));
      bar.update(progress.done, { rate: rate.toFixed(0), etaText: formatEta(etaSeconds) });
      if (progress.lag === 0) return now;
      await new Promise((r) => setTimeout(r, ctx.options.pollMs));
    }
  } finally {
    bar.stop();
  }
}
