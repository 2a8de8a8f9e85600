import type { OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, DEFAULT_OPEN_PATHS, isUnderPrefix } from './api-key';
import { CALLED_BY_DAPR_EXTENSION } from './called-by-dapr';

const UNAUTHORIZED = {
  description: 'AUTH.API_KEY_MISSING or AUTH.API_KEY_INVALID (problem details)',
  content: { 'application/problem+json': { schema: { type: 'object' } } },
};
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * The document of a service whose API needs a key: the `api-key` scheme (header X-API-Key) and, on every
 * operation of the public API (not under the open paths, not the routes Dapr calls), the requirement and a 401.
 */
export function documentApiKey(document: OpenAPIObject, openPaths: readonly string[] = DEFAULT_OPEN_PATHS): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) =>
          METHODS.has(method) && typeof operation === 'object' && !isUnderPrefix(path, openPaths) && !(operation as Record<string, unknown>)[CALLED_BY_DAPR_EXTENSION]
            ? [method, { ...operation, security: [{ [API_KEY_SCHEME]: [] }], responses: { ...operation.responses, 401: UNAUTHORIZED } }]
            : [method, operation],
        ),
      ),
    ]),
  );
  const securitySchemes = { ...document.components?.securitySchemes, [API_KEY_SCHEME]: { type: 'apiKey' as const, in: 'header', name: 'X-API-Key' } };
  return { ...document, paths, components: { ...document.components, securitySchemes } };
}
