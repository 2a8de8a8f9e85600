import type { NextFunction, Request, Response } from 'express';
import { problem } from './problem-details';
import { MAX_BODY_BYTES, sendProblem } from './request-limits';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Turns body-parser failures into problems; none of them shows the parser's own message. */
export function bodyParserErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  const { type, status } = (err ?? {}) as BodyParserError;
  if (type === 'entity.parse.failed') return sendProblem(req, res, problem(400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'));
  if (type === 'entity.too.large') return sendProblem(req, res, problem(413, 'REQUEST.TOO_LARGE', `the request body is larger than ${MAX_BODY_BYTES / 1024} kB`));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendProblem(req, res, problem(415, 'REQUEST.UNSUPPORTED_ENCODING', 'the request body encoding is not supported'));
  }
  // Aborted or truncated bodies, bad content lengths: the client's fault, said without internals.
  if (type !== undefined && typeof status === 'number' && status >= 400 && status < 500) {
    return sendProblem(req, res, problem(400, 'REQUEST.BODY_UNREADABLE', 'the request body could not be read'));
  }
  next(err);
}
