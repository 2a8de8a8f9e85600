import { ValidationError } from 'class-validator';
import { parseIfMatch } from './request-context';
import { toFieldProblems } from './request-validation.error';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError =>
  Object.assign(new ValidationError(), { property, constraints, children });

describe('request validation', () => {
  it('names nested and array fields with a path', () => {
    const errors = [
      error('name', undefined, [error('firstName', { maxLength: 'firstName must be shorter than or equal to 100 characters' })]),
      error('creditCards', undefined, [error('0', undefined, [error('type', { isIn: 'type must be one of PRIMARY, ALTERNATE' })])]),
      error('bogus', { whitelistValidation: 'property bogus should not exist' }),
    ];
    expect(toFieldProblems(errors).map((p) => p.field)).toEqual(['name.firstName', 'creditCards[0].type', 'bogus']);
  });

  it('reads If-Match versions and refuses anything else', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
    expect(() => parseIfMatch('"abc"')).toThrow(expect.objectContaining({ code: 'REQUEST.BAD_IF_MATCH' }));
  });
});
