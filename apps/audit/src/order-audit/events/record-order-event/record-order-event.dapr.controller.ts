import { DaprDelivery, DeliveryStatus, deliveredRecord } from '@app/dapr';
import { CalledByDapr } from '@app/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RecordOrderEventHandler } from './record-order-event.handler';

/** The route of the declarative subscription (dapr/components/order-events.subscription.yaml). */
@ApiExcludeController()
@CalledByDapr()
@Controller('dapr')
export class RecordOrderEventDaprController {
  constructor(private readonly handler: RecordOrderEventHandler) {}

  @Post('order-events')
  @HttpCode(200)
  async deliver(@Body() delivery: DaprDelivery): Promise<{ status: DeliveryStatus }> {
    return { status: await this.handler.execute(deliveredRecord(delivery)) };
  }
}
