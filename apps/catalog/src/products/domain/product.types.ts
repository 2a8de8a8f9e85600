import { ProductSnapshot } from '@app/contracts';

export interface Product {
  snapshot: ProductSnapshot;
  version: number;
}

export interface SaveProductCommand {
  productId: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  expectedVersion?: number;
}

export type ProductChange =
  | { kind: 'unchanged'; product: Product }
  | { kind: 'changed'; change: 'Created' | 'Replaced' | 'StockAdjusted'; product: Product; stockDelta?: number; reason?: string };
