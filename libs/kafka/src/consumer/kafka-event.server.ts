import { KnownEvent } from '@app/contracts';
import { fatal } from '@app/platform/bootstrap/fatal-exit';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventConsumer, MessageContext } from './event-consumer';

export type ConsumerFactory = (handle: (event: KnownEvent, ctx: MessageContext) => Promise<void>, topics: string[], groupId?: string) => EventConsumer;

/**
 * A NestJS transport that feeds `@EventPattern(Topic.X)` handlers from an EventConsumer, so message
 * controllers stay thin and the failure policy lives in one place. Handlers receive the decoded,
 * current-version event as payload and the MessageContext as context.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly createConsumer: ConsumerFactory) {
    super();
  }

  /**
   * Returns at once, so the service listens while its consumer connects and joins (which can take a
   * dead member's whole session timeout, or a broker outage): readiness says when it has joined.
   */
  listen(callback: (...optionalParams: unknown[]) => void): void {
    const topics = [...this.messageHandlers.keys()];
    const consumer = (this.consumer = this.createConsumer((event, ctx) => this.dispatch(event, ctx), topics));
    consumer.start().catch((error: unknown) => fatal(`consumer could not start: ${(error as Error).message}`, error));
    callback();
  }

  /** Stops consuming, runs `between` (e.g. re-pointing repositories), and consumes on under another group. */
  async regroup(groupId: string, between: () => void): Promise<void> {
    await this.consumer?.stop();
    between();
    this.consumer = this.createConsumer((event, ctx) => this.dispatch(event, ctx), [...this.messageHandlers.keys()], groupId);
    await this.consumer.start();
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  /** The running consumer, for readiness checks. */
  current(): EventConsumer | undefined {
    return this.consumer;
  }

  on(): never {
    throw new Error('KafkaEventServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async dispatch(event: KnownEvent, ctx: MessageContext): Promise<void> {
    const handler = this.getHandlerByPattern(ctx.topic);
    if (!handler) throw new Error(`no handler for topic ${ctx.topic}`);
    await lastValueFrom(this.transformToObservable(await handler(event, ctx)), { defaultValue: undefined });
  }
}
