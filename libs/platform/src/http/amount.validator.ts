import { ValidateBy, ValidationOptions } from 'class-validator';

/** A finite number with at most two decimals (`toFixed(2)` gives it back unchanged). */
export const isAmount = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value;

/**
 * A price or amount: a finite number with at most two decimals. Replaces class-validator's
 * `IsNumber({ maxDecimalPlaces: 2 })`, which throws (a 500) on numbers JavaScript prints with an exponent,
 * such as 1e-7, and would pass 5e-324.
 */
export const IsAmount = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isAmount',
      validator: { validate: isAmount, defaultMessage: (args) => `${args?.property ?? 'value'} must be a number with at most two decimals` },
    },
    options,
  );
