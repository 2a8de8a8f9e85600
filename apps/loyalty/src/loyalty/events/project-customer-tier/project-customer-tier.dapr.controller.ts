import { CalledByDapr } from '@app/platform';
import { DaprDelivery, DeliveryStatus, deliveredRecord } from '@app/dapr';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProjectCustomerTierHandler } from './project-customer-tier.handler';

/** The route of the declarative subscription to accounts.customer.change. */
@ApiExcludeController()
@CalledByDapr()
@Controller('dapr')
export class ProjectCustomerTierDaprController {
  constructor(private readonly handler: ProjectCustomerTierHandler) {}

  @Post('customer-changes')
  @HttpCode(200)
  async deliver(@Body() delivery: DaprDelivery): Promise<{ status: DeliveryStatus }> {
    return { status: await this.handler.execute(deliveredRecord(delivery)) };
  }
}
