import { DomainError } from '@app/core';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, throwError } from 'rxjs';
import { DaprError } from './dapr-error';

/** The code of an HTTP answer that needed the sidecar while it (or the component behind it) was down. */
export const DAPR_UNAVAILABLE = 'DAPR.UNAVAILABLE';

/**
 * Over HTTP, a sidecar that does not answer or fails (5xx: its state store or binding is down) is a
 * 503 DAPR.UNAVAILABLE with Retry-After, not a 500: the request may well succeed later. A 4xx from the
 * sidecar stays an unexpected error (500): it means this service asked something wrong.
 */
@Injectable()
export class DaprUnavailableInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof DaprError && (error.status === 0 || error.status >= 500)
            ? new DomainError('Unavailable', DAPR_UNAVAILABLE, `the Dapr sidecar could not serve ${error.operation.split(' ')[0]} (${error.status || 'no answer'}); retry later`)
            : error,
        ),
      ),
    );
  }
}
