import { Module } from '@nestjs/common';
import { CreateCustomerHandler } from './commands/create-customer/create-customer.handler';
import { CreateCustomerHttpController } from './commands/create-customer/create-customer.http.controller';
import { CustomerWriter } from './commands/customer-writer';
import { PatchCustomerHandler } from './commands/patch-customer/patch-customer.handler';
import { PatchCustomerHttpController } from './commands/patch-customer/patch-customer.http.controller';
import { SaveCustomerHandler } from './commands/save-customer/save-customer.handler';
import { SaveCustomerHttpController } from './commands/save-customer/save-customer.http.controller';
import { CustomerRepository } from './database/customer.repository';
import { GetCustomerHttpController } from './queries/get-customer/get-customer.http.controller';
import { ListCustomersHttpController } from './queries/list-customers/list-customers.http.controller';

/** The customer bounded context: the system of record for customers. */
@Module({
  controllers: [SaveCustomerHttpController, CreateCustomerHttpController, PatchCustomerHttpController, GetCustomerHttpController, ListCustomersHttpController],
  providers: [CustomerWriter, SaveCustomerHandler, CreateCustomerHandler, PatchCustomerHandler, CustomerRepository],
})
export class CustomersModule {}
