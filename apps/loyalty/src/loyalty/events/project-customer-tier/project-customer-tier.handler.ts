import { CUSTOMER_CHANGED, decodeEvent } from '@app/contracts';
import { DeliveryStatus } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { TierReplicaRepository } from '../../database/tier-replica.repository';

const METRIC = 'loyalty_tier_events_total';
const outcomes =
  (register.getSingleMetric(METRIC) as Counter<string> | undefined) ??
  new Counter({ name: METRIC, help: 'CustomerChanged events by outcome (applied, stale, retry, dead_letter)', labelNames: ['outcome'] });

/** Keeps the tier replica. Never throws: undecodable records are dead-lettered, failures redelivered. */
@Injectable()
export class ProjectCustomerTierHandler {
  constructor(
    private readonly tiers: TierReplicaRepository,
    private readonly logger: PinoLogger,
  ) {}

  async execute(record: string): Promise<DeliveryStatus> {
    const decoded = decodeEvent(record);
    if (!decoded.ok || decoded.event.type !== CUSTOMER_CHANGED) {
      this.logger.warn({ reason: decoded.ok ? decoded.event.type : decoded.reason }, 'customer event dropped to the dead-letter topic');
      outcomes.inc({ outcome: 'dead_letter' });
      return 'DROP';
    }
    const { aggregateId, aggregateVersion, payload } = decoded.event;
    try {
      const outcome = await this.tiers.apply(aggregateId, { tier: payload.customer.tier, version: aggregateVersion });
      outcomes.inc({ outcome: outcome === 'conflict' ? 'retry' : outcome });
      return outcome === 'conflict' ? 'RETRY' : 'SUCCESS';
    } catch (error) {
      this.logger.warn({ err: error, customerId: aggregateId }, 'tier replica write failed; Dapr will redeliver');
      outcomes.inc({ outcome: 'retry' });
      return 'RETRY';
    }
  }
}
