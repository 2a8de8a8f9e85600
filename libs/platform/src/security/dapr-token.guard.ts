import { DomainError } from '@app/core';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { checkApiKey } from './api-key';
import { DAPR_TOKEN_HEADER, routeCalledByDapr } from './called-by-dapr';

/**
 * With an app API token configured, a route marked @CalledByDapr answers only requests carrying it in
 * `dapr-api-token` (daprd adds it to every call to its app): a forged delivery or cron tick is a 401.
 * Without one (allowed on loopback only, see daprTokenProblem) those routes are open. Other routes are
 * left to the other guards.
 */
@Injectable()
export class DaprTokenGuard implements CanActivate {
  constructor(
    private readonly token: string | undefined,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.token === undefined || context.getType() !== 'http') return true;
    if (!routeCalledByDapr(this.reflector, context)) return true;
    // The same constant-time comparison as API keys: hashed to equal length, no early exit.
    const verdict = checkApiKey(context.switchToHttp().getRequest<Request>().headers[DAPR_TOKEN_HEADER], [this.token]);
    if (verdict === 'MISSING') throw new DomainError('Unauthenticated', 'AUTH.DAPR_TOKEN_MISSING', 'only the Dapr sidecar calls this route: it needs the dapr-api-token header');
    if (verdict === 'INVALID') throw new DomainError('Unauthenticated', 'AUTH.DAPR_TOKEN_INVALID', 'the dapr-api-token is not valid');
    return true;
  }
}
