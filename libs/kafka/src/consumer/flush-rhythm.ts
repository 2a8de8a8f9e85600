const LOGGED_FLUSH_KEYS = 1000;
const LOGGED_FLUSH_MS = 1000;
/** However slow the last flush was (an outage included), catching up flushes at least this often. */
const MAX_ADAPTED_INTERVAL_MS = 30_000;

/**
 * The interval of a catching-up consumer's flushes: the configured one, and never shorter than twice the
 * last flush took, so a slow store gets fewer, fuller flushes (more events per write) instead of falling
 * further behind.
 */
export class FlushRhythm {
  private lastAt = 0;
  private lastMs = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Counted from now (the consumer's start). */
  restart(): void {
    this.lastAt = this.now();
  }

  intervalOver(): boolean {
    const interval = Math.max(this.intervalMs, Math.min(2 * this.lastMs, MAX_ADAPTED_INTERVAL_MS));
    return this.now() - this.lastAt >= interval;
  }

  /** A flush that began at `startedAt` ended (only one that landed says how long the store takes); answers its duration so measured. */
  ended(startedAt: number, landed: boolean): number {
    this.lastAt = this.now();
    if (landed) this.lastMs = this.lastAt - startedAt;
    return this.lastMs;
  }

  /** Large or slow flushes only: caught up, a view flushes after every fetch round. */
  worthLogging(keys: number): boolean {
    return keys >= LOGGED_FLUSH_KEYS || this.lastMs >= LOGGED_FLUSH_MS;
  }
}
