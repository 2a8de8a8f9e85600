import { Module } from '@nestjs/common';
import { CustomerReplicaRepository } from './database/customer-replica.repository';
import { ProjectCustomerChangedHandler } from './events/project-customer-changed/project-customer-changed.handler';
import { ProjectCustomerChangedMessageController } from './events/project-customer-changed/project-customer-changed.message.controller';
import { GetCustomerReplicaHttpController } from './queries/get-customer-replica/get-customer-replica.http.controller';

/** The orders service's own copy of customers, built from accounts.customer.change. */
@Module({
  controllers: [ProjectCustomerChangedMessageController, GetCustomerReplicaHttpController],
  providers: [CustomerReplicaRepository, ProjectCustomerChangedHandler],
  exports: [CustomerReplicaRepository],
})
export class CustomerReplicaModule {}
