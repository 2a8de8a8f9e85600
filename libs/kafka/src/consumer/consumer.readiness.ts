import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { Injectable } from '@nestjs/common';
import { ConsumerRegistry } from './consumer-registry';
import { judgeConsumers } from './consumer-state';

/** Not ready until every consumer has joined its group, and while one is stopped or waits for a dependency (judgeConsumers). */
@Injectable()
export class ConsumerReadiness implements ReadinessCheck {
  readonly key = 'consumers';
  constructor(private readonly registry: ConsumerRegistry) {}

  async probe(): Promise<Record<string, unknown>> {
    const { notReady, degraded } = judgeConsumers(this.registry.states());
    if (Object.keys(notReady).length > 0) throw new Error(JSON.stringify(notReady));
    const troubled = Object.values(degraded);
    return { running: this.registry.names(), ...(troubled.length > 0 ? { degraded: troubled.join('; ') } : {}) };
  }
}
