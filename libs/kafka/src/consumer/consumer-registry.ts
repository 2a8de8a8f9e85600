import { Injectable } from '@nestjs/common';
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

  problems(): Record<string, string> {
    const problems: Record<string, string> = {};
    this.consumers.forEach((c, name) => {
      const problem = c.problem();
      if (problem) problems[name] = problem;
    });
    return problems;
  }

  names(): string[] {
    return [...this.consumers.keys()];
  }
}
