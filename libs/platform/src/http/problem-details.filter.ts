import { DomainError, isRetriableStoreError } from '@app/core';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { ProblemDetails, STATUS_BY_KIND, problem } from './problem-details';

/** Renders every HTTP error as application/problem+json; unexpected ones are logged and hidden. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    // Message handlers keep the original error so the consumer's failure policy can classify it.
    if (host.getType() === 'rpc') return throwError(() => exception);
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = { ...problemOf(exception), instance: req.originalUrl };
    if (body.status >= 500) this.logger.error({ err: exception, path: req.originalUrl }, 'request failed');
    if (body.status === 503) res.setHeader('Retry-After', '1');
    res.status(body.status).type('application/problem+json').send(body);
  }
}

/** The problem details an HTTP error is answered with (the filter adds `instance`). */
export function problemOf(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) {
    return problem(STATUS_BY_KIND[exception.kind], exception.code, exception.message, exception.fields);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 404 ? 'REQUEST.ROUTE_NOT_FOUND' : `HTTP.${status}`;
    return problem(status, code, exception.message);
  }
  // The database is down, unreachable or failing over: not the request's fault, and a retry may succeed.
  if (isRetriableStoreError(exception)) return problem(503, 'STORE.UNAVAILABLE', 'the database is not reachable; retry later');
  return problem(500, 'INTERNAL', 'unexpected error');
}
