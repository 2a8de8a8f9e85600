import { Injectable } from '@nestjs/common';
import { ConsumerState } from './consumer-state';
import { EventConsumer } from './event-consumer';

/** Keeps the running consumers of a service so readiness can report on them. */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, EventConsumer>();

  add(name: string, consumer: EventConsumer): void {
    this.consumers.set(name, consumer);
  }

  remove(name: string): void {
    this.consumers.delete(name);
  }

  /** Each consumer's state, by group id. */
  states(): Map<string, ConsumerState> {
    return new Map([...this.consumers].map(([name, consumer]) => [name, consumer.state()]));
  }

  names(): string[] {
    return [...this.consumers.keys()];
  }
}
