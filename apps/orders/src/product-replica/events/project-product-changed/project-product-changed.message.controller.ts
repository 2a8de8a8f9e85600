import { KnownEvent, PRODUCT_CHANGED, Topic } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProductReplicaRepository } from '../../database/product-replica.repository';

/** Keeps name and price of every product; stock changes only move the version. */
@Controller()
export class ProjectProductChangedMessageController {
  constructor(private readonly replica: ProductReplicaRepository) {}

  @EventPattern(Topic.ProductEvents)
  async onProductEvent(@Payload() event: KnownEvent): Promise<void> {
    if (event.type !== PRODUCT_CHANGED) return;
    const { productId, name, price } = event.payload.product;
    await this.replica.apply({ id: productId, version: event.aggregateVersion, name, price }, event.eventId, event.occurredAt);
  }
}
