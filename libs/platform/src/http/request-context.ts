import { DomainError } from '@app/core';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Takes the caller's correlation id or makes one; pino-http uses this as the request id. */
export function correlationIdOf(req: IncomingMessage): string {
  const header = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : randomUUID();
}

/** The request's correlation id (set by the logger middleware). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<IncomingMessage & { id?: unknown }>();
  return typeof req.id === 'string' ? req.id : correlationIdOf(req);
});

/** Parses `If-Match: "3"` / `W/"3"` / `3` into a version; absent means no precondition. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) {
    throw new DomainError('Invalid', 'REQUEST.BAD_IF_MATCH', 'If-Match must be a version ETag such as "3"', [
      { field: 'If-Match', message: 'must be a version ETag such as "3"' },
    ]);
  }
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;
