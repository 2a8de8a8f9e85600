import { ValidateIf } from 'class-validator';

/**
 * The field may be left out. Unlike class-validator's `@IsOptional()`, an explicit `null` is still
 * validated, so refused: the documented schema does not allow null, and a stored null would come back
 * in responses that promise a string.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
