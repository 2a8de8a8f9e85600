import { DomainError } from '@app/core';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_HEADER, DEFAULT_OPEN_PATHS, checkApiKey, isUnderPrefix } from './api-key';
import { routeCalledByDapr } from './called-by-dapr';

/** Refuses a request without one of the keys: AUTH.API_KEY_MISSING or AUTH.API_KEY_INVALID (401). */
export function requireApiKey(presented: string | string[] | undefined, keys: readonly string[]): void {
  const verdict = checkApiKey(presented, keys);
  if (verdict === 'MISSING') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_MISSING', 'this request needs an X-API-Key header');
  if (verdict === 'INVALID') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_INVALID', 'the X-API-Key is not valid');
}

/**
 * With API keys configured, every request to the public API — reads too: they return personal data and
 * event payloads — needs `X-API-Key` with one of them, except under the open path prefixes
 * (API_OPEN_PATHS: health, metrics, docs). Routes marked @CalledByDapr are left to DaprTokenGuard:
 * daprd sends no API key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: readonly string[],
    private readonly reflector: Reflector,
    private readonly openPaths: readonly string[] = DEFAULT_OPEN_PATHS,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0 || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (isUnderPrefix(req.path, this.openPaths)) return true;
    if (routeCalledByDapr(this.reflector, context)) return true;
    requireApiKey(req.headers[API_KEY_HEADER], this.keys);
    return true;
  }
}
