import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The problem codes `Idempotency-Key` adds to an operation, per status (merge into its @ApiProblems). */
export const IDEMPOTENCY_PROBLEMS = {
  400: ['REQUEST.BAD_HEADER'],
  409: ['IDEMPOTENCY.IN_PROGRESS'],
  422: ['IDEMPOTENCY.KEY_REUSED'],
} as const;

/** Makes a write honour `Idempotency-Key` (see IdempotencyInterceptor) and documents the header. */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 128, example: '6f1c2e0a-8d4b-4e55-9b8a-2f7e1c3d4a5b' },
      description:
        'Makes a retry safe: the same key with the same request (path and body) gets the first answer again (status, body, ETag; ' +
        'header Idempotent-Replayed: true) and changes nothing; with another request 422 IDEMPOTENCY.KEY_REUSED; while the first is ' +
        'still running 409 IDEMPOTENCY.IN_PROGRESS (Retry-After). Keys are per operation and API key, kept 24 h ' +
        '(IDEMPOTENCY_RETENTION_SECONDS). 409 and 5xx answers are not kept: a retry with the key runs again.',
    }),
  );
