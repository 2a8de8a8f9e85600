import { DomainError } from '@app/core';
import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_HEADER, WRITE_METHODS, checkApiKey } from './api-key';

const CALLED_BY_DAPR = 'platform:called-by-dapr';
/** The OpenAPI extension such operations carry, so the document does not ask them for a key either. */
export const CALLED_BY_DAPR_EXTENSION = 'x-called-by-dapr';

/**
 * Marks a route only the app's own Dapr sidecar calls (pub/sub deliveries, input bindings): the sidecar
 * sends no API key, so the guard lets these through. They stay in the OpenAPI document (the fuzzer sends
 * them garbage too), marked with `x-called-by-dapr`.
 */
export const CalledByDapr = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(CALLED_BY_DAPR, true), ApiExtension(CALLED_BY_DAPR_EXTENSION, true));

/** With API keys configured, every write of the public API needs `X-API-Key` with one of them; reads stay open. */
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
    if (this.reflector.getAllAndOverride<boolean>(CALLED_BY_DAPR, [context.getHandler(), context.getClass()])) return true;
    const verdict = checkApiKey(req.headers[API_KEY_HEADER], this.keys);
    if (verdict === 'MISSING') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_MISSING', 'this write needs an X-API-Key header');
    if (verdict === 'INVALID') throw new DomainError('Unauthenticated', 'AUTH.API_KEY_INVALID', 'the X-API-Key is not valid');
    return true;
  }
}
