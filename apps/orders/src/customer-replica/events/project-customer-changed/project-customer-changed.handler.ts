import { CustomerChanged } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { ApplyOutcome } from '../../../replica/versioned-replica.repository';
import { CustomerReplicaRepository } from '../../database/customer-replica.repository';
import { toCustomerView } from '../../domain/customer-view.projection';

const METRIC = 'customer_replica_events_total';
const outcomes =
  (register.getSingleMetric(METRIC) as Counter<string> | undefined) ??
  new Counter({ name: METRIC, help: 'CustomerChanged events by outcome: applied, or stale (duplicate or older version)', labelNames: ['outcome'] });

/** Keeps the customer replica; duplicates and older versions change nothing. */
@Injectable()
export class ProjectCustomerChangedHandler {
  constructor(
    private readonly replica: CustomerReplicaRepository,
    private readonly logger: PinoLogger,
  ) {}

  async execute(event: CustomerChanged): Promise<ApplyOutcome> {
    const outcome = await this.replica.apply(toCustomerView(event), event.eventId, event.occurredAt);
    outcomes.inc({ outcome });
    this.logger.debug({ customerId: event.aggregateId, version: event.aggregateVersion, outcome }, 'customer replica');
    return outcome;
  }
}
