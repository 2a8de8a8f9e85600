import { Module } from '@nestjs/common';
import { CustomerLock } from './commands/run-loyalty/customer-lock';
import { RunLoyaltyCronController } from './commands/run-loyalty/run-loyalty.cron.controller';
import { RunLoyaltyHandler } from './commands/run-loyalty/run-loyalty.handler';
import { AuditedOrdersReader } from './database/audited-orders.reader';
import { LoyaltyAccountRepository } from './database/loyalty-account.repository';
import { LoyaltyEventsPublisher } from './database/loyalty-events.publisher';
import { ProcessedOrderRepository } from './database/processed-order.repository';
import { TierReplicaRepository } from './database/tier-replica.repository';
import { ProjectCustomerTierDaprController } from './events/project-customer-tier/project-customer-tier.dapr.controller';
import { ProjectCustomerTierHandler } from './events/project-customer-tier/project-customer-tier.handler';
import { GetLoyaltyHttpController } from './queries/get-loyalty/get-loyalty.http.controller';

/** Loyalty points: awarding runs, the tier replica, the balance query. */
@Module({
  controllers: [RunLoyaltyCronController, ProjectCustomerTierDaprController, GetLoyaltyHttpController],
  providers: [
    AuditedOrdersReader,
    ProcessedOrderRepository,
    LoyaltyAccountRepository,
    TierReplicaRepository,
    LoyaltyEventsPublisher,
    CustomerLock,
    RunLoyaltyHandler,
    ProjectCustomerTierHandler,
  ],
})
export class LoyaltyModule {}
