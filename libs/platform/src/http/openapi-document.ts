import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Closes every named object schema (`additionalProperties: false`) that does not say otherwise: requests
 * because the validation pipe refuses unknown fields, responses because the mappers whitelist what leaves a
 * service. A contract test then catches a field that leaks out or is accepted without being documented.
 */
export function closeObjectSchemas(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if ('properties' in schema && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  return document;
}

const CONTROLLER_SUFFIX = /(Http|Dapr|Cron|Message)?Controller$/;

/**
 * The operation id of a route that names none (`@ApiOperation({ operationId })` names the public ones):
 * the controller's use case and the method, `dashboardSnapshot` rather than Nest's `DashboardHttpController_snapshot`.
 */
export function readableOperationId(controllerKey: string, methodKey: string): string {
  const useCase = controllerKey.replace(CONTROLLER_SUFFIX, '');
  return `${useCase.charAt(0).toLowerCase()}${useCase.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}
