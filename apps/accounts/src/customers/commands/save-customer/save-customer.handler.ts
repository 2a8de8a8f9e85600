import { Injectable } from '@nestjs/common';
import { decideSaveCustomer } from '../../domain/customer.decider';
import { SaveCustomerCommand } from '../../domain/customer.types';
import { CustomerWriter, CustomerWriteResult } from '../customer-writer';

export type SaveCustomerResult = CustomerWriteResult;

/** Create or replace a customer with the whole document given; without If-Match the id is first taken to be new. */
@Injectable()
export class SaveCustomerHandler {
  constructor(private readonly writer: CustomerWriter) {}

  execute(cmd: SaveCustomerCommand, correlationId: string): Promise<SaveCustomerResult> {
    const pinned = cmd.expectedVersion !== undefined;
    return this.writer.write(cmd.customerId, (current, now) => decideSaveCustomer(cmd, current, now), correlationId, { pinned, readFirst: pinned });
  }
}
