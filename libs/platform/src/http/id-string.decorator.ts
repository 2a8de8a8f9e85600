import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { AGGREGATE_ID_PATTERN } from './aggregate-id.param';

/** A JSON number given for an id: a non-negative safe integer is read as its decimal string. */
export const idFromNumber = (value: unknown): unknown => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value);

/**
 * An id field that also takes a JSON number (the original design's samples send `"id": 123456`): it is
 * read as the string "123456" before validation, so ids stay strings everywhere after the edge.
 */
export const IdString = (options: { example?: string | number; description?: string; required?: boolean; nullable?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      oneOf: [
        { type: 'string', pattern: AGGREGATE_ID_PATTERN.source, maxLength: 64 },
        { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      ],
      ...(options.example === undefined ? {} : { example: options.example }),
      required: options.required ?? true,
      ...(options.nullable ? { nullable: true } : {}),
      description: [options.description, 'A number is accepted and read as its decimal string.'].filter(Boolean).join(' '),
    }),
    Transform(({ value }: { value: unknown }) => idFromNumber(value)),
  );
