import type { ConsumedEvent } from './consumed-event';
import { noteRejectedBy } from './dead-letter';
import type { StatefulHandler } from './stateful-handler';

/** One handler behind a fan-out, and the topics whose records it takes. */
export interface FanOutMember {
  name: string;
  topics: readonly string[];
  handler: StatefulHandler;
}

export interface FanOutOptions {
  /**
   * A member with this many keys pending (or full) writes them at once, alone and without a commit
   * (Kafka Streams' cache eviction), so each member keeps its own write rhythm: one member filling
   * up fast does not make the others write their keys before they have coalesced.
   */
  evictAt: number;
  /** Told when an eviction failed: its keys stay pending for the next flush, which retries under the failure policy. */
  evictionFailed?: (member: string, error: unknown) => void;
}

const partitionOf = ({ ctx }: ConsumedEvent): string => `${ctx.topic}|${ctx.partition}`;

/**
 * Several stateful handlers behind one consumer, like the processors behind one source in a Kafka
 * Streams sub-topology: a record is fetched and decoded once and applied to every member that reads its
 * topic. A flush (the consumer's, after which it commits) writes every member, so the offsets committed
 * hold every member's effect; between flushes a member that reaches its bound is evicted alone
 * (FanOutOptions.evictAt). A member never has two writes in flight.
 *
 * A record a member rejects is dead-lettered in that member's name only (its `name` is the group its
 * dead letters name); an undecodable one in the name of every member that reads its topic.
 *
 * A batch is applied to the members in turn. When one fails, the consumer retries the batch (or replays
 * it record by record), so the members that already took it would see it twice: each member's last
 * applied offset per partition is kept until the state is reset, and what it already took is not given
 * to it again. A reset (a failed flush, a rebalance) is the only way records come back legitimately.
 */
export class FanOutHandler implements StatefulHandler {
  private readonly applied = new Map<string, Map<string, number>>();
  /** Per member: its write in flight (an eviction, or its part of a flush). */
  private readonly writing = new Map<string, Promise<'ok' | 'conflict'>>();
  /**
   * The epoch (state) in which an eviction met a conflict: that state's next flush answers 'conflict' (the
   * consumer then drops the state and reads again), a flush called before a reset included.
   */
  private conflictedIn?: number;
  /** Members whose last eviction failed: they are not evicted again; the consumer's flush writes them under its failure policy. */
  private readonly failed = new Set<string>();
  /** Bumped on reset: a late eviction of dropped state reports nothing. */
  private epoch = 0;
  /** A reset waiting for the members' writes in flight: a member's state is never dropped under its own write. */
  private resetting?: Promise<void>;
  /** A flush that has not yet called every member's flush: nothing is applied meanwhile. */
  private snapshotting?: Promise<void>;
  /** The flush running, until every member's write in it has ended: a reset asked for meanwhile waits for it. */
  private flushing?: Promise<unknown>;

  constructor(
    private readonly members: readonly FanOutMember[],
    private readonly options: FanOutOptions,
  ) {}

  async apply(events: ConsumedEvent[]): Promise<void> {
    while (this.snapshotting || this.resetting) await (this.snapshotting ?? this.resetting);
    for (const member of this.members) {
      const done = this.appliedBy(member.name);
      const fresh = events.filter((e) => member.topics.includes(e.ctx.topic) && Number(e.ctx.offset) > (done.get(partitionOf(e)) ?? -1));
      if (fresh.length > 0) {
        try {
          await member.handler.apply(fresh);
        } catch (error) {
          noteRejectedBy(error, member.name);
          throw error;
        }
        for (const e of fresh) done.set(partitionOf(e), Math.max(done.get(partitionOf(e)) ?? -1, Number(e.ctx.offset)));
      }
      if (this.overBound(member)) await this.evict(member);
    }
  }

  /**
   * The most keys any member has pending: a member's own bound is what counts, not the sum. At least 1
   * while an eviction is written or met a conflict: the offsets are not to be committed before a flush.
   */
  pending(): number {
    return Math.max(this.writing.size > 0 || this.conflicted() ? 1 : 0, ...this.members.map((m) => m.handler.pending()));
  }

  /**
   * Flush now: an eviction met a conflict or failed. A member that is merely full is evicted alone
   * (while its eviction is written it still says full, which must not make every member write).
   */
  full(): boolean {
    return this.conflicted() || this.failed.size > 0;
  }

  /**
   * Every member with something pending, at once (each after its eviction in flight, if any). All of
   * them are waited for, failed or not, so a retry never overlaps a member's write still running.
   */
  flush(): Promise<'ok' | 'conflict'> {
    const run = this.writeAll();
    const flushing = Promise.allSettled([this.flushing, run]);
    this.flushing = flushing;
    void flushing.then(() => {
      if (this.flushing === flushing) this.flushing = undefined;
    });
    return run;
  }

  private async writeAll(): Promise<'ok' | 'conflict'> {
    // The consumer took the offsets this flush commits just before calling it: every member's write must
    // take its state as it is now, not after the evictions in flight end (the event index's slices must
    // end where a commit may start), so nothing is applied until each member's flush has been called.
    // Only a reset asked for before this call comes first; a later one waits for this flush's writes.
    const resetBefore = this.resetting;
    const epoch = this.epoch;
    let resolveSnapshot!: () => void;
    const snapshot = new Promise<void>((resolve) => (resolveSnapshot = resolve));
    const taken = (): void => {
      if (this.snapshotting === snapshot) this.snapshotting = undefined;
      resolveSnapshot();
    };
    this.snapshotting = snapshot;
    try {
      await resetBefore;
      await Promise.allSettled([...this.writing.values()]);
      if (this.conflicted(epoch)) {
        this.conflictedIn = undefined;
        return 'conflict';
      }
      const writes = this.members.filter((m) => m.handler.pending() > 0 || (m.handler.full?.() ?? false)).map((m) => this.write(m));
      taken();
      const results = await Promise.allSettled(writes);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return results.some((r) => r.status === 'fulfilled' && r.value === 'conflict') ? 'conflict' : 'ok';
    } finally {
      taken();
    }
  }

  /**
   * Drops every member's state — once the writes in flight have ended, if any: a member's write reads
   * its state when it ends (e.g. what it buffered), so the state is never dropped under it. A flush
   * called before the reset writes the state it was called for, whose offsets the consumer commits
   * (dropped first, the flush would write nothing and the commit would skip those records). Batches
   * and flushes after the reset wait for it.
   */
  reset(): void {
    this.epoch++;
    this.applied.clear();
    this.failed.clear();
    const resetMembers = (): void => this.members.forEach((m) => m.handler.reset());
    const inFlight = [this.resetting, this.flushing, ...this.writing.values()].filter((p) => p !== undefined);
    if (inFlight.length === 0) return resetMembers();
    const resetting = Promise.allSettled(inFlight).then(resetMembers);
    this.resetting = resetting;
    void resetting.then(() => {
      if (this.resetting === resetting) this.resetting = undefined;
    });
  }

  assigned(assignment: Record<string, number[]>): void {
    for (const m of this.members) m.handler.assigned?.(assignment);
  }

  holdsCommit(topic: string, partition: number, through: string): boolean {
    return this.members.some((m) => m.topics.includes(topic) && (m.handler.holdsCommit?.(topic, partition, through) ?? false));
  }

  /** The members that read `topic`. */
  readersOf(topic: string): string[] {
    return this.members.filter((m) => m.topics.includes(topic)).map((m) => m.name);
  }

  private overBound(member: FanOutMember): boolean {
    return member.handler.pending() >= this.options.evictAt || (member.handler.full?.() ?? false);
  }

  /**
   * Starts writing the member's keys and goes on applying while they are written; a member still over
   * its bound while its last eviction is written waits for it first (that is what bounds its memory).
   */
  private async evict(member: FanOutMember): Promise<void> {
    if (this.failed.has(member.name)) return;
    const running = this.writing.get(member.name);
    if (running) {
      await running.catch(() => undefined);
      if (!this.overBound(member)) return;
    }
    const epoch = this.epoch;
    this.write(member).then(
      (result) => {
        if (result === 'conflict') this.conflictedIn = Math.max(this.conflictedIn ?? epoch, epoch);
      },
      (error: unknown) => {
        if (epoch === this.epoch) this.failed.add(member.name);
        this.options.evictionFailed?.(member.name, error);
      },
    );
  }

  /** The member's flush, after its write in flight (one at a time: two would write the same keys at one revision). */
  private write(member: FanOutMember): Promise<'ok' | 'conflict'> {
    const previous = this.writing.get(member.name);
    // With nothing in flight the member's flush is called now: it takes its state at once.
    const run = previous ? previous.catch(() => 'ok' as const).then(() => member.handler.flush()) : member.handler.flush();
    this.writing.set(member.name, run);
    const settled = (): void => {
      if (this.writing.get(member.name) === run) this.writing.delete(member.name);
    };
    run.then(() => {
      this.failed.delete(member.name);
      settled();
    }, settled);
    return run;
  }

  private conflicted(epoch = this.epoch): boolean {
    return this.conflictedIn === epoch;
  }

  private appliedBy(name: string): Map<string, number> {
    let done = this.applied.get(name);
    if (!done) this.applied.set(name, (done = new Map()));
    return done;
  }
}
