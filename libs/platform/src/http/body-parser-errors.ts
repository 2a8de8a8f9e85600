import { DomainError } from '@app/core';
import type { NextFunction, Request, Response } from 'express';

interface BodyParserError {
  type?: string;
}

/** Turns body-parser failures into coded errors the problem-details filter renders. */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (err as BodyParserError | undefined)?.type;
  if (type === 'entity.parse.failed') return next(new DomainError('Invalid', 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'));
  if (type === 'entity.too.large') return next(new DomainError('Invalid', 'REQUEST.TOO_LARGE', 'the request body is larger than 256 kB'));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return next(new DomainError('Invalid', 'REQUEST.UNSUPPORTED_ENCODING', 'the request body encoding is not supported'));
  }
  next(err);
}
