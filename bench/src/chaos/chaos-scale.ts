import { Server } from './infra/server-control';

/** How big each scenario runs: `full` is `make chaos`, `small` the version inside `make test`. */
export interface ChaosScale {
  name: 'full' | 'small';
  /** Steady command load: commands per second, and a bound on how many in all. */
  load: { ratePerSecond: number; maxCommands: number; concurrency: number; requestTimeoutMs: number };
  /** downSeconds per server: longer than a consumer's retry budget ever was (eight retries, about 100 s) in full size. */
  outage: { warmupSeconds: number; downSeconds: Record<Server, number>; recoverySeconds: number };
  /**
   * fetchMaxBytes and flushMaxPending: the processor's VIEW_FETCH_MAX_BYTES and VIEW_FLUSH_MAX_PENDING in both runs. Fewer
   * pending keys than a batch brings make every fetch round wait for its flush, so the replay's flushed
   * progress moves by at most one round at a time, however fast the machine; without it (full size: the
   * default) a second's flush is a small share of the replay. latestShare: the latest kill target, as a share of
   * the events; the small replay's round was up to a fifth of it (79 % seen at 98.8 %), so it stops at 60 %.
   */
  replayKills: { events: number; products: number; kills: number; fetchMaxBytes: number; flushMaxPending?: number; latestShare: number };
  serviceKills: { seconds: number; killsPerService: number };
  /**
   * `events` produced at `ratePerSecond` to `instances` stream processors in one group, `changes`
   * membership changes at random points of that stream (5–80 % of it); fetches as small as replayKills'.
   */
  scaleOut: { events: number; products: number; ratePerSecond: number; instances: number; changes: number; fetchMaxBytes: number };
  poison: { messages: number; seconds: number };
}

export const FULL: ChaosScale = {
  name: 'full',
  load: { ratePerSecond: 20, maxCommands: 5_000, concurrency: 16, requestTimeoutMs: 20_000 },
  outage: { warmupSeconds: 5, downSeconds: { kafka: 120, ferretdb: 180 }, recoverySeconds: 20 },
  replayKills: { events: 500_000, products: 5_000, kills: 10, fetchMaxBytes: 1024 * 1024, latestShare: 0.85 },
  serviceKills: { seconds: 40, killsPerService: 4 },
  scaleOut: { events: 200_000, products: 2_000, ratePerSecond: 2_000, instances: 3, changes: 10, fetchMaxBytes: 1024 * 1024 },
  poison: { messages: 1_000, seconds: 20 },
};

export const SMALL: ChaosScale = {
  name: 'small',
  load: { ratePerSecond: 10, maxCommands: 1_000, concurrency: 8, requestTimeoutMs: 20_000 },
  outage: { warmupSeconds: 3, downSeconds: { kafka: 6, ferretdb: 6 }, recoverySeconds: 5 },
  replayKills: { events: 6_000, products: 150, kills: 3, fetchMaxBytes: 32 * 1024, flushMaxPending: 10, latestShare: 0.6 },
  serviceKills: { seconds: 15, killsPerService: 2 },
  scaleOut: { events: 24_000, products: 300, ratePerSecond: 800, instances: 3, changes: 4, fetchMaxBytes: 32 * 1024 },
  poison: { messages: 100, seconds: 8 },
};
