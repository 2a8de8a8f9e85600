/** One reader's move between generations: from the generation it served when the move began. */
export interface SwitchMove {
  from: number;
  to: number;
}

/**
 * The switches a process has begun and not finished, per reader (a view, the replicas). A switch is a
 * run of idempotent steps (stop the consumer, re-point the reads, start the consumer under the new
 * group); any of them may fail on a store or broker outage. Until every step has succeeded the switch
 * stays pending, and the next attempt runs all the steps again from the generation the switch left —
 * so a failure between re-pointing and restarting never leaves a reader stopped on the new generation
 * with nothing left to retry.
 */
export class GenerationSwitches<K extends string> {
  private readonly pending = new Map<K, SwitchMove>();
  /** Finished switches not yet reported to the replay tool (the generation each now serves). */
  private readonly unreported = new Map<K, number>();

  /** Whether `key` needs a switch to `target` (pending, or another generation than the one it serves). */
  needed(key: K, serving: number, target: number): boolean {
    return this.pending.has(key) || serving !== target;
  }

  /** What is pending for `key`, if anything. */
  current(key: K): SwitchMove | undefined {
    return this.pending.get(key);
  }

  /**
   * Runs the steps of a switch of `key` to `target`, resuming a pending one (its `from` kept, its `to`
   * moved on if the target changed meanwhile). Throws what a step threw, the switch then still pending.
   * Resolves to the move made, or undefined when there was nothing to do.
   */
  async run(key: K, serving: number, target: number, steps: (move: SwitchMove) => Promise<void>): Promise<SwitchMove | undefined> {
    if (!this.needed(key, serving, target)) return undefined;
    const move = { from: this.pending.get(key)?.from ?? serving, to: target };
    this.pending.set(key, move);
    await steps(move);
    this.pending.delete(key);
    this.unreported.set(key, move.to);
    return move;
  }

  /** Reports a finished switch of `key` once (a failed report is tried again on the next call). */
  async report(key: K, report: (generation: number) => Promise<void>): Promise<void> {
    const generation = this.unreported.get(key);
    if (generation === undefined) return;
    await report(generation);
    if (this.unreported.get(key) === generation) this.unreported.delete(key);
  }
}
