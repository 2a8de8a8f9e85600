import { CUSTOMER_CHANGED, KnownEvent, Topic } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProjectCustomerChangedHandler } from './project-customer-changed.handler';

@Controller()
export class ProjectCustomerChangedMessageController {
  constructor(private readonly handler: ProjectCustomerChangedHandler) {}

  @EventPattern(Topic.CustomerChange)
  async onCustomerChange(@Payload() event: KnownEvent): Promise<void> {
    if (event.type === CUSTOMER_CHANGED) await this.handler.execute(event);
  }
}
