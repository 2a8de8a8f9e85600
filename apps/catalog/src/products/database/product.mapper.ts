import { Product } from '../domain/product.types';
import { ProductResponseDto } from '../dtos/product.response.dto';
import { ProductDocument } from './product.document';

export const ProductMapper = {
  toDomain(doc: ProductDocument): Product {
    const { _id, version, name, description, price, stock, createdAt, updatedAt } = doc;
    return { version, snapshot: { productId: _id, name, description, price, stock, createdAt, updatedAt } };
  },
  toResponse(product: Product): ProductResponseDto {
    return { ...product.snapshot, version: product.version };
  },
};
