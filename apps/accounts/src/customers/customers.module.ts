import { Module } from '@nestjs/common';
import { SaveCustomerHandler } from './commands/save-customer/save-customer.handler';
import { SaveCustomerHttpController } from './commands/save-customer/save-customer.http.controller';
import { CustomerRepository } from './database/customer.repository';
import { GetCustomerHttpController } from './queries/get-customer/get-customer.http.controller';
import { ListCustomersHttpController } from './queries/list-customers/list-customers.http.controller';

/** The customer bounded context: the system of record for customers. */
@Module({
  controllers: [SaveCustomerHttpController, GetCustomerHttpController, ListCustomersHttpController],
  providers: [SaveCustomerHandler, CustomerRepository],
})
export class CustomersModule {}
