import { CLOCK, Clock } from '@app/core';
import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_COLLECTION } from '../../database/customer.document';
import { CustomerMapper } from '../../database/customer.mapper';
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
    private readonly writer: CommandWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Without If-Match the id is taken to be new: the customer is inserted without reading first, and
   * read only when that id turns out to exist. With If-Match the decision needs the stored version.
   */
  async execute(cmd: SaveCustomerCommand, correlationId: string): Promise<SaveCustomerResult> {
    let read = cmd.expectedVersion !== undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; ) {
      const current = read ? await this.customers.findById(cmd.customerId) : null;
      const now = this.clock.now();
      const decision = decideSaveCustomer(cmd, current, now);
      if (!decision.ok) throw decision.error;
      if (decision.value.kind === 'unchanged') return { customer: decision.value.customer, created: false };

      const { customer, change } = decision.value;
      const written = await this.writer.write(
        {
          collection: CUSTOMERS_COLLECTION,
          document: CustomerMapper.toPersistence(customer),
          expectedVersion: current?.version ?? null,
          events: [
            {
              topic: Topic.CustomerChange,
              build: (meta) => envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, cmd.customerId, customer.version, { change, customer: customer.snapshot }, meta),
            },
          ],
        },
        { now, correlationId },
      );
      if (written === 'written') return { customer, created: change === 'Created' };
      if (cmd.expectedVersion !== undefined) break;
      // The first insert without reading is no lost race: the id exists, so decide against it.
      if (read) attempt++;
      read = true;
    }
    throw CustomerErrors.concurrentWrite(cmd.customerId);
  }
}
