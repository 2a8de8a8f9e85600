import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/**
 * The field may be left out or sent as `null` (the original design's samples send `"address2": null`).
 * A null is read as "not given": it is dropped before validation, so it is never stored, published or
 * answered back — responses keep promising a string or leaving the field out.
 */
export const Optional = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ required: false, nullable: true }),
    Transform(({ value }: { value: unknown }) => (value === null ? undefined : value)),
    ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null),
  );

/**
 * The documented values of an @Optional() enum field: OpenAPI 3.0 reads an `enum` that omits null as
 * refusing null whatever `nullable` says, so null is listed with the values the field takes.
 */
export const enumOrNull = <T>(values: readonly T[]): (T | null)[] => [...values, null];
