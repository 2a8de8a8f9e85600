import { CLOCK, Clock } from '@app/core';
import { Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { PRODUCTS_COLLECTION } from '../database/product.document';
import { ProductMapper } from '../database/product.mapper';
import { ProductRepository } from '../database/product.repository';
import { productChanged } from '../domain/product-changed.factory';
import { ProductErrors } from '../domain/product.errors';
import { Product, ProductChange } from '../domain/product.types';

const MAX_ATTEMPTS = 5;

export interface ProductWriteOptions {
  /** The caller named the version (If-Match): a lost race is a conflict, not retried. */
  pinned?: boolean;
  /** The product is probably new: decide against nothing and insert, reading only if it exists. */
  insertFirst?: boolean;
}

/**
 * Read → decide → conditional write, retried against fresh state when another writer got there first
 * (unless the caller pinned a version). Every product command goes through here.
 */
@Injectable()
export class ProductWriter {
  constructor(
    private readonly products: ProductRepository,
    private readonly writer: CommandWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async write(
    productId: string,
    decide: (current: Product | null, now: Date) => ProductChange,
    correlationId: string,
    { pinned = false, insertFirst = false }: ProductWriteOptions = {},
  ): Promise<{ product: Product; created: boolean }> {
    let read = !insertFirst;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; ) {
      const current = read ? await this.products.findById(productId) : null;
      const now = this.clock.now();
      const change = decide(current, now);
      if (change.kind === 'unchanged') return { product: change.product, created: false };
      const written = await this.writer.write(
        {
          collection: PRODUCTS_COLLECTION,
          document: ProductMapper.toPersistence(change.product),
          expectedVersion: current?.version ?? null,
          events: [{ topic: Topic.ProductEvents, build: (meta) => productChanged(change, meta) }],
        },
        { now, correlationId },
      );
      if (written === 'written') return { product: change.product, created: change.change === 'Created' };
      if (pinned) break;
      if (read) attempt++;
      read = true;
    }
    throw ProductErrors.concurrentWrite(productId);
  }
}
