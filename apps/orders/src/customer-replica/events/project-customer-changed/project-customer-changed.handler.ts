import { CustomerChanged } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ApplyOutcome, CustomerReplicaRepository } from '../../database/customer-replica.repository';
import { toCustomerView } from '../../domain/customer-view.projection';

/** Keeps the customer replica; duplicates and older versions change nothing. */
@Injectable()
export class ProjectCustomerChangedHandler {
  constructor(
    private readonly replica: CustomerReplicaRepository,
    private readonly logger: PinoLogger,
  ) {}

  async execute(event: CustomerChanged): Promise<ApplyOutcome> {
    const outcome = await this.replica.apply(toCustomerView(event), event.eventId, event.occurredAt);
    this.logger.debug({ customerId: event.aggregateId, version: event.aggregateVersion, outcome }, 'customer replica');
    return outcome;
  }
}
