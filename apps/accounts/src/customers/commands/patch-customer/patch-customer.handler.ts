import { Injectable } from '@nestjs/common';
import { decidePatchCustomer } from '../../domain/customer-patch.decider';
import { PatchCustomerCommand } from '../../domain/customer.types';
import { CustomerWriter, CustomerWriteResult } from '../customer-writer';

/** Change some fields of an existing customer. */
@Injectable()
export class PatchCustomerHandler {
  constructor(private readonly writer: CustomerWriter) {}

  execute(cmd: PatchCustomerCommand, correlationId: string): Promise<CustomerWriteResult> {
    // A patch changes the stored customer: always read first.
    return this.writer.write(cmd.customerId, (current, now) => decidePatchCustomer(cmd, current, now), correlationId, { pinned: cmd.expectedVersion !== undefined, readFirst: true });
  }
}
