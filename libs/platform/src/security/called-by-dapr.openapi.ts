import type { OpenAPIObject } from '@nestjs/swagger';
import { CALLED_BY_DAPR_EXTENSION, DAPR_TOKEN_HEADER, DAPR_TOKEN_SCHEME } from './called-by-dapr';

const UNAUTHORIZED = {
  description: 'AUTH.DAPR_TOKEN_MISSING or AUTH.DAPR_TOKEN_INVALID (problem details): not called by this app\'s Dapr sidecar',
  content: { 'application/problem+json': { schema: { type: 'object' } } },
};

/**
 * The document of a service whose routes daprd calls need its app API token: the `dapr-api-token`
 * scheme (header dapr-api-token) and, on every operation marked `x-called-by-dapr`, the requirement and a 401.
 */
export function documentDaprToken(document: OpenAPIObject): OpenAPIObject {
  let marked = 0;
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          if (typeof operation !== 'object' || operation === null || !(operation as Record<string, unknown>)[CALLED_BY_DAPR_EXTENSION]) return [method, operation];
          marked++;
          return [method, { ...operation, security: [{ [DAPR_TOKEN_SCHEME]: [] }], responses: { ...operation.responses, 401: UNAUTHORIZED } }];
        }),
      ),
    ]),
  );
  if (marked === 0) return document;
  const securitySchemes = { ...document.components?.securitySchemes, [DAPR_TOKEN_SCHEME]: { type: 'apiKey' as const, in: 'header', name: DAPR_TOKEN_HEADER } };
  return { ...document, paths, components: { ...document.components, securitySchemes } };
}

/** Whether the document has operations daprd calls. */
export const hasDaprRoutes = (document: OpenAPIObject): boolean =>
  Object.values(document.paths).some((item) => Object.values(item).some((op) => typeof op === 'object' && op !== null && (op as Record<string, unknown>)[CALLED_BY_DAPR_EXTENSION] === true));
