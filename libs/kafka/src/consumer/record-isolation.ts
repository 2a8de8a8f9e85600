import { Batch, Consumer } from 'kafkajs';
import type { ConsumedEvent } from './consumed-event';
import { RetryControls } from './retry-loop';
import { BatchOutcome, ConsumerPolicy, StatefulHandler } from './stateful-handler';
import { UnflushedRange } from './unflushed-offsets';

/** What isolation does through the stateful consumer it runs in. */
export interface IsolationHooks {
  dropState(): void;
  /** Commits one record's offset; a refused commit is owed to the next due flush. */
  commit(record: UnflushedRange): Promise<void>;
}

/** The stateful mode (StatefulBatches) after a rejected flush: the unflushed records read again, one per flush. */
export class RecordIsolation {
  /** After a rejected flush: per partition, the records up to this offset are applied and flushed one at a time. */
  private readonly isolateThrough = new Map<string, bigint>();

  constructor(
    private readonly handler: StatefulHandler,
    private readonly consumer: Pick<Consumer, 'seek'>,
    private readonly policy: ConsumerPolicy,
    private readonly hooks: IsolationHooks,
  ) {}

  /** True while any partition has records to isolate. */
  active(): boolean {
    return this.isolateThrough.size > 0;
  }

  /** The records of this range, read again, are isolated. */
  add(range: UnflushedRange): void {
    this.isolateThrough.set(`${range.topic}|${range.partition}`, BigInt(range.to));
  }

  clear(): void {
    this.isolateThrough.clear();
  }

  /** Isolation after a rejected flush: each record applied and flushed alone; the one whose flush is rejected is dead-lettered. */
  async isolateBatch(batch: Batch, controls: RetryControls): Promise<BatchOutcome> {
    const key = `${batch.topic}|${batch.partition}`;
    // Every partition goes one record at a time while any is isolating: a shared flush would blur the blame.
    for (const message of batch.messages) {
      const decoded = this.policy.decode(batch, message);
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
      const applyAndFlush = async (event: ConsumedEvent): Promise<void> => {
        await this.handler.apply([event]);
        flushed.result = await this.handler.flush();
      };
      const outcome = 'event' in decoded ? await this.policy.attempt(source, () => applyAndFlush(decoded), controls) : decoded;
      if (outcome === 'stopped' || outcome === 'rebalanced') return outcome;
      if (outcome !== 'ok' || flushed.result === 'conflict') this.hooks.dropState();
      if (flushed.result === 'conflict') {
        // Read this partition again from the record whose flush conflicted.
        this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: message.offset });
        return 'rebalanced';
      }
      if (outcome === 'ok') this.policy.count(batch.topic, 'processed', [message]);
      else await this.policy.deadLetter([[batch, message, outcome]]);
      await this.hooks.commit({ topic: batch.topic, partition: batch.partition, from: message.offset, to: message.offset });
      if (BigInt(message.offset) >= (this.isolateThrough.get(key) ?? -1n)) this.isolateThrough.delete(key);
    }
    return 'done';
  }
}
