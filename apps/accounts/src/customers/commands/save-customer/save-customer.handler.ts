import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { Outbox, toOutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_COLLECTION } from '../../database/customer.document';
import { CustomerRepository } from '../../database/customer.repository';
import { decideSaveCustomer } from '../../domain/customer.decider';
import { CustomerErrors } from '../../domain/customer.errors';
import { Customer, SaveCustomerCommand } from '../../domain/customer.types';

export interface SaveCustomerResult {
  customer: Customer;
  created: boolean;
}

/** Without If-Match, a lost race is retried against the fresh state (last write wins). */
const MAX_ATTEMPTS = 3;

@Injectable()
export class SaveCustomerHandler {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(cmd: SaveCustomerCommand, correlationId: string): Promise<SaveCustomerResult> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.customers.findById(cmd.customerId);
      const decision = decideSaveCustomer(cmd, current, this.clock.now());
      if (!decision.ok) throw decision.error;
      if (decision.value.kind === 'unchanged') return { customer: decision.value.customer, created: false };

      const { customer, change } = decision.value;
      const event = envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, cmd.customerId, customer.version, { change, customer: customer.snapshot }, {
        eventId: this.ids.next(),
        occurredAt: this.clock.now(),
        correlationId,
      });
      const outcome = await this.customers.save(customer, current?.version ?? null, toOutboxEntry(Topic.CustomerChange, event));
      if (outcome === 'written') {
        this.outbox.written(CUSTOMERS_COLLECTION);
        return { customer, created: change === 'Created' };
      }
      if (cmd.expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) throw CustomerErrors.concurrentWrite(cmd.customerId);
    }
  }
}
