import { ApiDaprSubscription, DAPR_API_TAG, DeliveryStatus, deliveredRecord } from '@app/dapr';
import { CalledByDapr } from '@app/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProjectCustomerTierHandler } from './project-customer-tier.handler';

/** The route of the declarative subscription to accounts.customer.change. */
@ApiTags(DAPR_API_TAG)
@CalledByDapr()
@Controller('dapr')
export class ProjectCustomerTierDaprController {
  constructor(private readonly handler: ProjectCustomerTierHandler) {}

  @Post('customer-changes')
  @HttpCode(200)
  @ApiDaprSubscription("Delivery of an accounts.customer.change record: a CustomerChanged updates the customer's tier")
  async deliver(@Body() delivery: unknown): Promise<{ status: DeliveryStatus }> {
    return { status: await this.handler.execute(deliveredRecord(delivery)) };
  }
}
