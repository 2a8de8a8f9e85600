import { DomainError } from '@app/core';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';

/** Whether a handler reads the query string (has a @Query() parameter, whose DTO then whitelists it). */
export function handlerTakesQuery(controller: object, handlerName: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
}

/**
 * Unknown query parameters are refused like unknown body fields: a route with a query DTO rejects the
 * ones it does not declare (forbidNonWhitelisted); this guard rejects every one on a route without a DTO.
 */
@Injectable()
export class UndeclaredQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const names = Object.keys(context.switchToHttp().getRequest<Request>().query ?? {});
    if (names.length === 0 || handlerTakesQuery(context.getClass(), context.getHandler().name)) return true;
    const fields = names.map((field) => ({ field, message: `property ${field} should not exist` }));
    throw new DomainError('Invalid', 'REQUEST.VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
}
