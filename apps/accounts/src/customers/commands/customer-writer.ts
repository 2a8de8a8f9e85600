import { CLOCK, Clock, Result } from '@app/core';
import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, envelope, Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_COLLECTION } from '../database/customer.document';
import { CustomerMapper } from '../database/customer.mapper';
import { CustomerRepository } from '../database/customer.repository';
import { CustomerErrors } from '../domain/customer.errors';
import { Customer, SaveDecision } from '../domain/customer.types';

export interface CustomerWriteResult {
  customer: Customer;
  created: boolean;
}

export interface CustomerWriteOptions {
  /** The caller pinned a version (If-Match): a lost race is a 409, not a retry. */
  pinned: boolean;
  /** The decision needs the stored customer even for the first attempt (a patch, a pinned version). */
  readFirst: boolean;
}

/** Without If-Match, a lost race is retried against the fresh state (last write wins). */
const MAX_ATTEMPTS = 3;

/**
 * Decide → one atomic write of the state and its CustomerChanged event (CommandWriter), retried against
 * fresh state when another writer got there first (unless the caller pinned a version). Without
 * `readFirst` the id is taken to be new: the customer is inserted without reading, and read only when
 * that id turns out to exist. Every customer command goes through here.
 */
@Injectable()
export class CustomerWriter {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly writer: CommandWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async write(customerId: string, decide: (current: Customer | null, now: Date) => Result<SaveDecision>, correlationId: string, options: CustomerWriteOptions): Promise<CustomerWriteResult> {
    let read = options.readFirst || options.pinned;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; ) {
      const current = read ? await this.customers.findById(customerId) : null;
      const now = this.clock.now();
      const decision = decide(current, now);
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
              build: (meta) => envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, customerId, customer.version, { change, customer: customer.snapshot }, meta),
            },
          ],
        },
        { now, correlationId },
      );
      if (written === 'written') return { customer, created: change === 'Created' };
      if (options.pinned) break;
      // The first insert without reading is no lost race: the id exists, so decide against it.
      if (read) attempt++;
      read = true;
    }
    throw CustomerErrors.concurrentWrite(customerId);
  }
}
