import { DomainError } from '@app/core';

export function parseMinVersionHeader(value: string | undefined, header: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw new DomainError('Invalid', 'REQUEST.BAD_HEADER', `${header} must be a positive integer`, [{ field: header, message: 'must be a positive integer' }]);
  }
  return Number(value);
}
