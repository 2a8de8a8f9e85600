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

export function requestValidationError(errors: ValidationError[]): DomainError {
  const fields = toFieldProblems(errors);
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new DomainError('Invalid', 'REQUEST.VALIDATION_FAILED', summary || 'request is invalid', fields);
}
