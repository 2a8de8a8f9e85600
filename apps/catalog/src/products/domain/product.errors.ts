import { DomainError } from '@app/core';

export const ProductErrors = {
  notFound: (id: string) => new DomainError('NotFound', 'PRODUCT.NOT_FOUND', `product ${id} does not exist`),
  versionConflict: (id: string, expected: number, actual: number | null) =>
    new DomainError('Conflict', 'PRODUCT.VERSION_CONFLICT', `product ${id} is at version ${actual ?? 'none'}, not ${expected}`),
  concurrentWrite: (id: string) => new DomainError('Conflict', 'PRODUCT.CONCURRENT_MODIFICATION', `product ${id} was changed by another request; retry`),
  insufficientStock: (id: string, stock: number, delta: number) =>
    new DomainError('Conflict', 'PRODUCT.INSUFFICIENT_STOCK', `product ${id} has ${stock} in stock; cannot apply ${delta}`, [
      { field: 'delta', message: `stock would go below zero (stock ${stock})` },
    ]),
};
