import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { Injectable } from '@nestjs/common';
import { ConsumerRegistry } from './consumer-registry';

@Injectable()
export class ConsumerReadiness implements ReadinessCheck {
  readonly key = 'consumers';
  constructor(private readonly registry: ConsumerRegistry) {}

  async probe(): Promise<Record<string, unknown>> {
    const problems = this.registry.problems();
    if (Object.keys(problems).length > 0) throw new Error(JSON.stringify(problems));
    return { running: this.registry.names() };
  }
}
