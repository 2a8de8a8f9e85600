import { ID_GENERATOR, IdGenerator } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { SaveCustomerCommand } from '../../domain/customer.types';
import { CustomerWriteResult } from '../customer-writer';
import { SaveCustomerHandler } from '../save-customer/save-customer.handler';

/** A new customer under an id the server assigns (a UUID): the same rules as PUT, always a creation. */
@Injectable()
export class CreateCustomerHandler {
  constructor(
    private readonly save: SaveCustomerHandler,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  execute(cmd: Omit<SaveCustomerCommand, 'customerId' | 'expectedVersion'>, correlationId: string): Promise<CustomerWriteResult> {
    return this.save.execute({ ...cmd, customerId: this.ids.next() }, correlationId);
  }
}
