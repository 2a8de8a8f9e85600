import { CLOCK, Clock, ID_GENERATOR, IdGenerator, Result } from '@app/core';
import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { Outbox, toOutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_COLLECTION } from '../database/customer.document';
import { CustomerRepository } from '../database/customer.repository';
import { CustomerErrors } from '../domain/customer.errors';
import { Customer, SaveDecision } from '../domain/customer.types';

export interface CustomerWriteResult {
  customer: Customer;
  created: boolean;
}

/** Without If-Match, a lost race is retried against the fresh state (last write wins). */
const MAX_ATTEMPTS = 3;

/**
 * Read → decide → one atomic write of the state and its CustomerChanged event, retried against fresh
 * state when another writer got there first (unless the caller pinned a version). Every customer command
 * goes through here.
 */
@Injectable()
export class CustomerWriter {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async write(
    customerId: string,
    decide: (current: Customer | null, now: Date) => Result<SaveDecision>,
    correlationId: string,
    pinned: boolean,
  ): Promise<CustomerWriteResult> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.customers.findById(customerId);
      const decision = decide(current, this.clock.now());
      if (!decision.ok) throw decision.error;
      if (decision.value.kind === 'unchanged') return { customer: decision.value.customer, created: false };

      const { customer, change } = decision.value;
      const event = envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, customerId, customer.version, { change, customer: customer.snapshot }, {
        eventId: this.ids.next(),
        occurredAt: this.clock.now(),
        correlationId,
      });
      const outcome = await this.customers.save(customer, current?.version ?? null, toOutboxEntry(Topic.CustomerChange, event));
      if (outcome === 'written') {
        this.outbox.written(CUSTOMERS_COLLECTION);
        return { customer, created: change === 'Created' };
      }
      if (pinned || attempt >= MAX_ATTEMPTS) throw CustomerErrors.concurrentWrite(customerId);
    }
  }
}
