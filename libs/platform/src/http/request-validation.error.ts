import { DomainError, FieldProblem } from '@app/core';
import { ValidationError } from 'class-validator';

/** Flattens nested class-validator errors into `field.path: message` problems. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldProblems(e.children ?? [], field)];
  });
}

/** At most this many problems are listed: a body of many bad elements must not make a response of megabytes. */
export const MAX_FIELD_PROBLEMS = 50;

export function requestValidationError(errors: ValidationError[]): DomainError {
  const all = toFieldProblems(errors);
  const fields = all.slice(0, MAX_FIELD_PROBLEMS);
  const more = all.length - fields.length;
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new DomainError('Invalid', 'REQUEST.VALIDATION_FAILED', summary || 'request is invalid', fields);
}
