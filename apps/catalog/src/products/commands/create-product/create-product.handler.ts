import { ID_GENERATOR, IdGenerator } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { decideSaveProduct } from '../../domain/product.decider';
import { Product, SaveProductCommand } from '../../domain/product.types';
import { ProductWriter } from '../product-writer';

/** A new product under an id the server assigns (a UUID): the same rules as PUT, always a creation. */
@Injectable()
export class CreateProductHandler {
  constructor(
    private readonly writer: ProductWriter,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(cmd: Omit<SaveProductCommand, 'productId' | 'expectedVersion'>, correlationId: string): Promise<Product> {
    const productId = this.ids.next();
    const { product } = await this.writer.write(
      productId,
      (current, now) => {
        const d = decideSaveProduct({ ...cmd, productId }, current, now);
        if (!d.ok) throw d.error;
        return d.value;
      },
      correlationId,
      // A fresh UUID: insert without reading; an existing id would be a conflict, not something to decide against.
      { pinned: true, insertFirst: true },
    );
    return product;
  }
}
