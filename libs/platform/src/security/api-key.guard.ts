import { DomainError } from '@app/core';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_HEADER, WRITE_METHODS, checkApiKey } from './api-key';
import { routeCalledByDapr } from './called-by-dapr';

/**
 * With API keys configured, every write of the public API needs `X-API-Key` with one of them; reads stay
 * open. Routes marked @CalledByDapr are left to DaprTokenGuard: daprd sends no API key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: readonly string[],
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0 || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!WRITE_METHODS.has(req.method)) return true;
    if (routeCalledByDapr(this.reflector, context)) return true;
    const verdict = checkApiKey(req.headers[API_KEY_HEADER], this.keys);
    if (verdict === 'MISSING') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_MISSING', 'this write needs an X-API-Key header');
    if (verdict === 'INVALID') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_INVALID', 'the X-API-Key is not valid');
    return true;
  }
}
