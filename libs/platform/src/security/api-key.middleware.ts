import { DomainError } from '@app/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { STATUS_BY_KIND, problem } from '../http/problem-details';
import { sendProblem } from '../http/request-limits';
import { API_KEY_HEADER, isUnderPrefix } from './api-key';
import { requireApiKey } from './api-key.guard';

/**
 * The API-key check for paths Express serves without Nest (Swagger UI and its JSON at `served`), which
 * the guard never sees: with keys configured and those paths not open, they need the key too.
 */
export function apiKeyMiddleware(keys: readonly string[], openPaths: readonly string[], served: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (keys.length === 0 || !isUnderPrefix(req.path, served) || isUnderPrefix(req.path, openPaths)) return next();
    try {
      requireApiKey(req.headers[API_KEY_HEADER], keys);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendProblem(req, res, problem(STATUS_BY_KIND[error.kind], error.code, error.message));
    }
    next();
  };
}
