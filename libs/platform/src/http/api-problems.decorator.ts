import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_TITLES } from './problem-details';
import { BODY_SHAPE_CODES } from './body-shape';

/** 400s of any request whose parameters, query or body are validated. */
export const VALIDATION_PROBLEMS = ['REQUEST.VALIDATION_FAILED'] as const;
/** 400s of any request with a body, before it reaches the handler: what the JSON body parser and the body-shape limits refuse. */
export const BODY_PARSER_PROBLEMS = [
  'REQUEST.MALFORMED_JSON',
  'REQUEST.BODY_UNREADABLE',
  ...BODY_SHAPE_CODES,
  'REQUEST.TOO_LARGE',
  'REQUEST.UNSUPPORTED_ENCODING',
] as const;
/** 400s of a request with a validated JSON body. */
export const BODY_PROBLEMS = [...VALIDATION_PROBLEMS, ...BODY_PARSER_PROBLEMS] as const;

/** 503 of any operation that reads or writes MongoDB while it is unreachable (ProblemDetailsFilter). */
export const STORE_UNAVAILABLE = 'STORE.UNAVAILABLE';

export type ProblemStatus = 400 | 404 | 409 | 422 | 503;

/** The application/problem+json body (RFC 9457) of one status, its `code` limited to the given ones. */
export function problemSchema(status: ProblemStatus, codes: readonly string[]): SchemaObject {
  return {
    type: 'object',
    required: ['type', 'title', 'status', 'code', 'detail'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', pattern: '^urn:problem-type:', example: `urn:problem-type:${codes[0]?.toLowerCase()}` },
      title: { type: 'string', enum: [PROBLEM_TITLES[status]] },
      status: { type: 'integer', enum: [status] },
      code: { type: 'string', enum: [...codes], description: 'Stable, machine-readable' },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The request path' },
      errors: {
        type: 'array',
        description: 'The fields at fault',
        items: {
          type: 'object',
          required: ['field', 'message'],
          additionalProperties: false,
          properties: { field: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  };
}

/**
 * Documents the problem+json answers of an operation: for each status the codes it can carry. The
 * schema lists exactly those codes, so a contract test (scripts/fuzz.sh) fails on an undocumented one.
 */
export function ApiProblems(problems: Partial<Record<ProblemStatus, readonly string[]>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(problems).map(([key, codes]) => {
      const status = Number(key) as ProblemStatus;
      return ApiResponse({
        status,
        description: codes.join(', '),
        content: { 'application/problem+json': { schema: problemSchema(status, codes) } },
      });
    }),
  );
}
