import { CLOCK, Clock, DomainError } from '@app/core';
import { API_KEY_HEADER, problemOf } from '@app/platform';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { IDEMPOTENT_REPLAYED_HEADER, IDEMPOTENCY_KEY_HEADER, idempotencyScope, parseIdempotencyKey } from './idempotency-key';
import { keepsAnswer, StoredAnswer } from './idempotency.decider';
import { IdempotencyStore } from './idempotency.store';
import { requestFingerprint } from './request-fingerprint';

const ANSWER_HEADERS = ['content-type', 'etag', 'location'];

/**
 * `Idempotency-Key` on a write: the first request with a key runs and its answer is kept; a retry with
 * the same key and request gets that answer again (status, body, ETag, Location) and changes nothing;
 * the same key with another request is 422 IDEMPOTENCY.KEY_REUSED; while the first still runs, 409
 * IDEMPOTENCY.IN_PROGRESS with Retry-After. Without the header the route works as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_KEY_HEADER]);
    if (!key.ok) return throwError(() => key.error);
    if (key.value === undefined) return next.handle();
    const apiKey = req.headers[API_KEY_HEADER];
    const id = `${idempotencyScope(req.method, routeOf(req), typeof apiKey === 'string' ? apiKey : undefined)}|${key.value}`;
    const fingerprint = requestFingerprint(req.params, req.body);
    return from(this.store.claim(id, fingerprint, this.clock.now())).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'claimed':
            return this.run(id, claim.attempt, req, res, next);
          case 'replay':
            return of(replay(res, claim.answer));
          case 'mismatch':
            return throwError(() => new DomainError('Unprocessable', 'IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was used with another request; use a new key for a new request'));
          case 'in-progress':
            res.setHeader('Retry-After', '1');
            return throwError(() => new DomainError('Conflict', 'IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still running; retry later'));
        }
      }),
    );
  }

  private run(id: string, attempt: string, req: Request, res: Response, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.keep(id, attempt, { status: res.statusCode, body, headers: answerHeaders(res) });
        return body;
      }),
      catchError((error: unknown) => {
        const problem = { ...problemOf(error), instance: req.originalUrl };
        const done = keepsAnswer(problem.status)
          ? this.keep(id, attempt, { status: problem.status, body: problem, headers: { 'content-type': 'application/problem+json' } })
          : this.store.release(id, attempt).catch((e: unknown) => this.logger.warn({ err: e, id }, 'could not release an idempotency key; it frees itself when its lease ends'));
        return from(done).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  /** The answer was decided: a failure to keep it must not turn it into an error (the effect is done). */
  private async keep(id: string, attempt: string, answer: StoredAnswer): Promise<void> {
    await this.store.complete(id, attempt, answer).catch((error: unknown) => {
      this.logger.error({ err: error, id }, 'could not keep the answer of an idempotent request: a retry after its lease runs it again');
    });
  }
}

/** The route template (`/products/:id/stock`), so every product's key lives in one scope per operation. */
function routeOf(req: Request): string {
  const route: unknown = req.route;
  const path = route && typeof route === 'object' && 'path' in route ? route.path : undefined;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : req.path;
}

function answerHeaders(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ANSWER_HEADERS) {
    const value = res.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function replay(res: Response, answer: StoredAnswer): unknown {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return answer.body;
}
