import { Product } from '../domain/product.types';
import { ProductResponseDto } from '../dtos/product.response.dto';
import { ProductDocument } from './product.document';

export const ProductMapper = {
  toDomain(doc: ProductDocument): Product {
    const { _id, version, name, description, price, stock, createdAt, updatedAt } = doc;
    return { version, snapshot: { productId: _id, name, description, price, stock, createdAt, updatedAt } };
  },
  /** The state fields to write; the outbox, lease, review sequence and stock takes are written separately. */
  toPersistence(product: Product): Pick<ProductDocument, '_id' | 'version' | 'name' | 'description' | 'price' | 'stock' | 'createdAt' | 'updatedAt'> {
    const { productId, ...fields } = product.snapshot;
    return { _id: productId, version: product.version, ...fields };
  },
  toResponse(product: Product): ProductResponseDto {
    return { ...product.snapshot, version: product.version };
  },
};
