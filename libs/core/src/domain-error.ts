/** What went wrong, independent of transport; the HTTP layer maps each kind to one status. */
export type DomainErrorKind = 'Invalid' | 'Unauthenticated' | 'NotFound' | 'Conflict' | 'Unprocessable' | 'Unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A business rule refused a command. `code` is stable and machine-readable, e.g. `ORDER.CUSTOMER_UNKNOWN`. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
