import { KnownEvent, ORDER_CHANGED, Topic } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TakeShippedStockHandler } from './take-shipped-stock.handler';

@Controller()
export class TakeShippedStockMessageController {
  constructor(private readonly handler: TakeShippedStockHandler) {}

  @EventPattern(Topic.OrderEvents)
  async onOrderEvent(@Payload() event: KnownEvent): Promise<void> {
    if (event.type === ORDER_CHANGED) await this.handler.execute(event);
  }
}
