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
