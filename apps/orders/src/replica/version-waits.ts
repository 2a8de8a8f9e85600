import { WaitOutcome, replicaWaitMetrics } from './replica-wait.metrics';

/** How far read-your-writes waits go (OrdersConfig, validated at boot). */
export interface VersionWaitLimits {
  /** Waits in progress at most (per replica); one more is answered at once. */
  maxWaiters: number;
  /** Versions ahead of what the replica holds that a wait may ask for; further ahead is answered at once. */
  maxVersionGap: number;
}

/** The limits from the orders service's configuration. */
export const replicaWaitLimits = (config: { REPLICA_WAIT_MAX_WAITERS: number; REPLICA_WAIT_MAX_VERSION_GAP: number }): VersionWaitLimits => ({
  maxWaiters: config.REPLICA_WAIT_MAX_WAITERS,
  maxVersionGap: config.REPLICA_WAIT_MAX_VERSION_GAP,
});

interface Waiter<V> {
  id: string;
  minVersion: number;
  deadline: number;
  last: V | null;
  resolve: (view: V | null) => void;
  reject: (error: unknown) => void;
}

const POLL_MS = 25;

/**
 * Read-your-writes waits on one replica, all served by a single poll: every POLL_MS one query fetches the
 * ids being waited for, however many requests wait. The number of waits is bounded and a version too far
 * ahead is not waited for, so `?minVersion=<huge>` costs one read, not REPLICA_WAIT_MAX_MS of polling.
 */
export class VersionWaits<V extends { version: number }> {
  private readonly waiters = new Set<Waiter<V>>();
  private polling = false;

  /** `replica` names it in the metrics. */
  constructor(
    private readonly replica: string,
    private readonly fetch: (ids: string[]) => Promise<Map<string, V>>,
    private readonly limits: VersionWaitLimits,
  ) {}

  /**
   * Given `current` (what the replica holds now), the first view at `minVersion` or later, or the last one
   * seen after `timeoutMs`. Answered at once with `current` when the version is more than maxVersionGap
   * ahead or maxWaiters waits are in progress.
   */
  wait(id: string, current: V | null, minVersion: number, timeoutMs: number): Promise<V | null> {
    const held = current?.version ?? 0;
    if (held >= minVersion) return this.answer('reached', current);
    if (timeoutMs <= 0) return this.answer('timed_out', current);
    if (minVersion - held > this.limits.maxVersionGap) return this.answer('too_far_ahead', current);
    if (this.waiters.size >= this.limits.maxWaiters) return this.answer('no_slot', current);
    return new Promise((resolve, reject) => {
      this.waiters.add({ id, minVersion, deadline: Date.now() + timeoutMs, last: current, resolve, reject });
      replicaWaitMetrics.inProgress.inc({ replica: this.replica });
      if (!this.polling) void this.poll();
    });
  }

  /** Waits in progress (for metrics and tests). */
  get size(): number {
    return this.waiters.size;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        await this.tick();
      }
    } finally {
      // Set in the same step that saw no waiters left: a wait added later starts a new poll.
      this.polling = false;
    }
  }

  private async tick(): Promise<void> {
    const waiting = [...this.waiters];
    let views: Map<string, V>;
    try {
      views = await this.fetch([...new Set(waiting.map((w) => w.id))]);
    } catch (error) {
      // The store failed: every wait fails as a plain read would (503 if transient), none polls on.
      for (const w of waiting) this.settle(w, 'failed', () => w.reject(error));
      return;
    }
    const now = Date.now();
    for (const w of waiting) {
      const view = views.get(w.id) ?? w.last;
      w.last = view;
      if (view && view.version >= w.minVersion) this.settle(w, 'reached', () => w.resolve(view));
      else if (now >= w.deadline) this.settle(w, 'timed_out', () => w.resolve(view));
    }
  }

  private answer(outcome: WaitOutcome, view: V | null): Promise<V | null> {
    replicaWaitMetrics.total.inc({ replica: this.replica, outcome });
    return Promise.resolve(view);
  }

  private settle(waiter: Waiter<V>, outcome: WaitOutcome, answer: () => void): void {
    this.waiters.delete(waiter);
    replicaWaitMetrics.inProgress.dec({ replica: this.replica });
    replicaWaitMetrics.total.inc({ replica: this.replica, outcome });
    answer();
  }
}
