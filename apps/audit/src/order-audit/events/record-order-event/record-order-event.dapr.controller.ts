import { ApiDaprSubscription, DAPR_API_TAG, DeliveryStatus, deliveredRecord } from '@app/dapr';
import { CalledByDapr } from '@app/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RecordOrderEventHandler } from './record-order-event.handler';

/** The route of the declarative subscription (dapr/components/order-events.subscription.yaml). */
@ApiTags(DAPR_API_TAG)
@CalledByDapr()
@Controller('dapr')
export class RecordOrderEventDaprController {
  constructor(private readonly handler: RecordOrderEventHandler) {}

  @Post('order-events')
  @HttpCode(200)
  @ApiDaprSubscription('Delivery of an orders.order.events record: an OrderChanged is written to the audit log')
  async deliver(@Body() delivery: unknown): Promise<{ status: DeliveryStatus }> {
    return { status: await this.handler.execute(deliveredRecord(delivery)) };
  }
}
