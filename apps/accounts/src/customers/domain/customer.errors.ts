import { DomainError, FieldProblem } from '@app/core';

export const CustomerErrors = {
  notFound: (id: string) => new DomainError('NotFound', 'CUSTOMER.NOT_FOUND', `customer ${id} does not exist`),
  versionConflict: (id: string, expected: number, actual: number | null) =>
    new DomainError(
      'Conflict',
      'CUSTOMER.VERSION_CONFLICT',
      actual === null
        ? `customer ${id} does not exist, so If-Match ${expected} cannot hold`
        : `customer ${id} is at version ${actual}, not ${expected}`,
    ),
  concurrentWrite: (id: string) =>
    new DomainError('Conflict', 'CUSTOMER.CONCURRENT_MODIFICATION', `customer ${id} was changed by another request; retry`),
  cardInvalid: (problems: FieldProblem[]) =>
    new DomainError('Invalid', 'CUSTOMER.CARD_INVALID', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems),
  idMismatch: (pathId: string) =>
    new DomainError('Invalid', 'CUSTOMER.ID_MISMATCH', `body customerId does not match the path id ${pathId}`, [
      { field: 'customerId', message: 'must match the id in the path' },
    ]),
  idsDiffer: () =>
    new DomainError('Invalid', 'CUSTOMER.ID_MISMATCH', 'id and customerId name different customers', [{ field: 'customerId', message: 'must equal id when both are given' }]),
};
