import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { Topic } from '@app/contracts';
import { Outbox, toOutboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { PRODUCTS_COLLECTION } from '../database/product.document';
import { ProductRepository } from '../database/product.repository';
import { productChanged } from '../domain/product-changed.factory';
import { ProductErrors } from '../domain/product.errors';
import { Product, ProductChange } from '../domain/product.types';

const MAX_ATTEMPTS = 5;

/**
 * Read → decide → conditional write, retried against fresh state when another writer got there first
 * (unless the caller pinned a version). Every product command goes through here.
 */
@Injectable()
export class ProductWriter {
  constructor(
    private readonly products: ProductRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async write(
    productId: string,
    decide: (current: Product | null, now: Date) => ProductChange,
    correlationId: string,
    pinned = false,
  ): Promise<{ product: Product; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.products.findById(productId);
      const change = decide(current, this.clock.now());
      if (change.kind === 'unchanged') return { product: change.product, created: false };
      const event = productChanged(change, { eventId: this.ids.next(), occurredAt: this.clock.now(), correlationId });
      if (await this.products.save(change.product, current?.version ?? null, toOutboxEntry(Topic.ProductEvents, event))) {
        this.outbox.written(PRODUCTS_COLLECTION);
        return { product: change.product, created: change.change === 'Created' };
      }
      if (pinned || attempt >= MAX_ATTEMPTS) throw ProductErrors.concurrentWrite(productId);
    }
  }
}
