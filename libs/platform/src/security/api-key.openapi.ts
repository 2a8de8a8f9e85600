import type { OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, WRITE_METHODS } from './api-key';
import { CALLED_BY_DAPR_EXTENSION } from './called-by-dapr';

const UNAUTHORIZED = {
  description: 'AUTH.API_KEY_MISSING or AUTH.API_KEY_INVALID (problem details)',
  content: { 'application/problem+json': { schema: { type: 'object' } } },
};

/**
 * The document of a service whose writes need an API key: the `api-key` scheme (header X-API-Key) and,
 * on every write operation of the public API (not the routes Dapr calls), the requirement and a 401.
 */
export function documentApiKey(document: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) =>
          WRITE_METHODS.has(method.toUpperCase()) && typeof operation === 'object' && !(operation as Record<string, unknown>)[CALLED_BY_DAPR_EXTENSION]
            ? [method, { ...operation, security: [{ [API_KEY_SCHEME]: [] }], responses: { ...operation.responses, 401: UNAUTHORIZED } }]
            : [method, operation],
        ),
      ),
    ]),
  );
  const securitySchemes = { ...document.components?.securitySchemes, [API_KEY_SCHEME]: { type: 'apiKey' as const, in: 'header', name: 'X-API-Key' } };
  return { ...document, paths, components: { ...document.components, securitySchemes } };
}
