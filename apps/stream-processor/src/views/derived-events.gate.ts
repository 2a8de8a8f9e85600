import { MessageContext } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { StreamProcessorConfig } from '../stream-processor.config';
import { ViewName } from './view-projector';

/**
 * Whether a view may derive business events (the catalogue's stock alerts) from an event. Never in a
 * rebuild: the live generation has published them already. After a switch, not from the records the
 * previous generation had already handled (below its committed offsets): the new generation re-reads
 * them from the rebuild's offsets, and their events are out already — so each is published once.
 */
@Injectable()
export class DerivedEventsGate {
  private readonly rebuilding: boolean;
  private readonly handedOver = new Map<string, bigint>();

  constructor(config: StreamProcessorConfig) {
    this.rebuilding = config.REBUILD_VIEW !== '';
  }

  /** Records where the previous generation of `view` stopped (its committed offsets: the next record to read). */
  handOver(view: ViewName, offsets: { topic: string; partition: number; offset: string }[]): void {
    for (const o of offsets) if (Number(o.offset) >= 0) this.handedOver.set(`${view}|${o.topic}|${o.partition}`, BigInt(o.offset));
  }

  mayDerive(view: ViewName, ctx: Pick<MessageContext, 'topic' | 'partition' | 'offset'>): boolean {
    if (this.rebuilding) return false;
    const before = this.handedOver.get(`${view}|${ctx.topic}|${ctx.partition}`);
    return before === undefined || BigInt(ctx.offset) >= before;
  }
}
