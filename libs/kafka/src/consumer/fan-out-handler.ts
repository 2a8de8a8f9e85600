import type { ConsumedEvent } from './consumed-event';
import { noteRejectedBy } from './dead-letter';
import type { StatefulHandler } from './stateful-handler';

/** One handler behind a fan-out, and the topics whose records it takes. */
export interface FanOutMember {
  name: string;
  topics: readonly string[];
  handler: StatefulHandler;
}

const partitionOf = ({ ctx }: ConsumedEvent): string => `${ctx.topic}|${ctx.partition}`;

/**
 * Several stateful handlers behind one consumer, like the processors behind one source in a Kafka
 * Streams sub-topology: a record is fetched and decoded once and applied to every member that reads its
 * topic; the members flush together, so the offsets committed after a flush hold every member's effect.
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

  constructor(private readonly members: readonly FanOutMember[]) {}

  async apply(events: ConsumedEvent[]): Promise<void> {
    for (const member of this.members) {
      const done = this.appliedBy(member.name);
      const fresh = events.filter((e) => member.topics.includes(e.ctx.topic) && Number(e.ctx.offset) > (done.get(partitionOf(e)) ?? -1));
      if (fresh.length === 0) continue;
      try {
        await member.handler.apply(fresh);
      } catch (error) {
        noteRejectedBy(error, member.name);
        throw error;
      }
      for (const e of fresh) done.set(partitionOf(e), Math.max(done.get(partitionOf(e)) ?? -1, Number(e.ctx.offset)));
    }
  }

  pending(): number {
    return this.members.reduce((n, m) => n + m.handler.pending(), 0);
  }

  full(): boolean {
    return this.members.some((m) => m.handler.full?.() ?? false);
  }

  /**
   * Every member with something pending, at once (each takes its state before its first await). All of
   * them are waited for, failed or not, so a retry never overlaps a member's flush still running.
   */
  async flush(): Promise<'ok' | 'conflict'> {
    const results = await Promise.allSettled(this.members.filter((m) => m.handler.pending() > 0 || (m.handler.full?.() ?? false)).map((m) => m.handler.flush()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.some((r) => r.status === 'fulfilled' && r.value === 'conflict') ? 'conflict' : 'ok';
  }

  reset(): void {
    this.applied.clear();
    for (const m of this.members) m.handler.reset();
  }

  assigned(assignment: Record<string, number[]>): void {
    for (const m of this.members) m.handler.assigned?.(assignment);
  }

  /** The members that read `topic`. */
  readersOf(topic: string): string[] {
    return this.members.filter((m) => m.topics.includes(topic)).map((m) => m.name);
  }

  private appliedBy(name: string): Map<string, number> {
    let done = this.applied.get(name);
    if (!done) this.applied.set(name, (done = new Map()));
    return done;
  }
}
