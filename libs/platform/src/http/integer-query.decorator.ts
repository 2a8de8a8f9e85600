import { Transform } from 'class-transformer';

/** The largest version or page a request may name: 15 digits, as If-Match (larger ones are not safe integers). */
export const MAX_QUERY_INTEGER = 999_999_999_999_999;

/**
 * A query parameter holding an integer. Only a plain decimal literal ("12") becomes a number; anything else
 * ("1e3", "1.5", " 2", "", a repeated parameter) stays as sent and fails `@IsInt()` with a 400, where a
 * plain `@Type(() => Number)` would read "1e300" as a (huge) integer.
 */
export const IntegerQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));
