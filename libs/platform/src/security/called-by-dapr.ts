import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';

const CALLED_BY_DAPR = 'platform:called-by-dapr';
/** A handler or controller class, as Nest's Reflector takes them. */
type MetadataTarget = Parameters<Reflector['get']>[1];
/** The OpenAPI extension such operations carry, so the document does not ask them for an API key. */
export const CALLED_BY_DAPR_EXTENSION = 'x-called-by-dapr';
/** The header daprd sends its app API token in (the APP_API_TOKEN daprd was started with). */
export const DAPR_TOKEN_HEADER = 'dapr-api-token';
/** The name of the OpenAPI security scheme of the routes daprd calls. */
export const DAPR_TOKEN_SCHEME = 'dapr-api-token';

/**
 * Marks a route only the app's own Dapr sidecar calls (pub/sub deliveries, input bindings): it needs
 * daprd's app API token (DaprTokenGuard), not an API key. It stays in the OpenAPI document (the fuzzer
 * sends it garbage too), marked with `x-called-by-dapr`.
 */
export const CalledByDapr = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(CALLED_BY_DAPR, true), ApiExtension(CALLED_BY_DAPR_EXTENSION, true));

/** Whether a handler (or its controller) is marked @CalledByDapr. */
export function isCalledByDapr(reflector: Reflector, handler: MetadataTarget, controller: MetadataTarget): boolean {
  return reflector.getAllAndOverride<boolean>(CALLED_BY_DAPR, [handler, controller]) === true;
}

/** Whether the route an execution context runs is marked @CalledByDapr. */
export const routeCalledByDapr = (reflector: Reflector, context: ExecutionContext): boolean => isCalledByDapr(reflector, context.getHandler(), context.getClass());
