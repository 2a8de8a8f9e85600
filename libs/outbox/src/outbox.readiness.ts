import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';
import { OUTBOX_RELAYS } from './outbox';

/**
 * `/health` detail `outbox.setAside`: per collection, how many documents wait behind an entry Kafka can
 * never take, and the oldest of them with their reasons. It stays up: the service still takes commands
 * and publishes everything else, so an orchestrator must not take it out of rotation for this.
 */
@Injectable()
export class OutboxReadiness implements ReadinessCheck {
  readonly key = 'outbox';
  constructor(@Inject(OUTBOX_RELAYS) private readonly relays: Map<string, OutboxRelay>) {}

  async probe(): Promise<Record<string, unknown>> {
    const reports = await Promise.all([...this.relays].map(async ([collection, relay]) => [collection, await relay.setAsideReport(5)] as const));
    return { setAside: Object.fromEntries(reports.map(([c, r]) => [c, r.count > 0 ? r : { count: 0 }])) };
  }
}
