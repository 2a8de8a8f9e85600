import { httpContext, refusalCode } from '@app/testing/http-context';
import { Reflector } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { documentApiKey } from './api-key.openapi';
import { CalledByDapr } from './called-by-dapr';
import { documentDaprToken, hasDaprRoutes } from './called-by-dapr.openapi';
import { daprTokenProblem, isLoopbackHost } from './dapr-token';
import { DaprTokenGuard } from './dapr-token.guard';

const TOKEN = 'd'.repeat(64);

class Routes {
  publicWrite(): void {}
  @CalledByDapr() delivery(): void {}
}
@CalledByDapr()
class DaprController {
  tick(): void {}
}

const http = (method: string, headers: Record<string, string>, controller: typeof Routes | typeof DaprController, handler: string) => httpContext(method, headers, controller, handler);

describe("Dapr's app API token", () => {
  describe('DaprTokenGuard', () => {
    const guard = new DaprTokenGuard(TOKEN, new Reflector());

    it('a route daprd calls, given no token → AUTH.DAPR_TOKEN_MISSING; a wrong one, a prefix or a longer one → AUTH.DAPR_TOKEN_INVALID; the token → allowed', () => {
      expect(refusalCode(() => guard.canActivate(http('POST', {}, Routes, 'delivery')))).toBe('AUTH.DAPR_TOKEN_MISSING');
      expect(refusalCode(() => guard.canActivate(http('POST', { 'dapr-api-token': '' }, Routes, 'delivery')))).toBe('AUTH.DAPR_TOKEN_MISSING');
      for (const wrong of ['x'.repeat(64), TOKEN.slice(1), `${TOKEN}d`, TOKEN.toUpperCase()]) {
        expect(refusalCode(() => guard.canActivate(http('POST', { 'dapr-api-token': wrong }, Routes, 'delivery')))).toBe('AUTH.DAPR_TOKEN_INVALID');
      }
      expect(guard.canActivate(http('POST', { 'dapr-api-token': TOKEN }, Routes, 'delivery'))).toBe(true);
    });

    it('covers a controller marked as a whole, whatever the method', () => {
      for (const method of ['POST', 'PUT', 'GET']) expect(refusalCode(() => guard.canActivate(http(method, {}, DaprController, 'tick')))).toBe('AUTH.DAPR_TOKEN_MISSING');
      expect(guard.canActivate(http('POST', { 'dapr-api-token': TOKEN }, DaprController, 'tick'))).toBe(true);
    });

    it('an API key is no substitute, and the token opens no public route to the API-key guard', () => {
      expect(refusalCode(() => guard.canActivate(http('POST', { 'x-api-key': TOKEN }, Routes, 'delivery')))).toBe('AUTH.DAPR_TOKEN_MISSING');
      expect(guard.canActivate(http('POST', {}, Routes, 'publicWrite'))).toBe(true);
      const apiKeys = new ApiKeyGuard(['k'.repeat(40)], new Reflector());
      expect(refusalCode(() => apiKeys.canActivate(http('POST', { 'dapr-api-token': TOKEN }, Routes, 'publicWrite')))).toBe('AUTH.API_KEY_MISSING');
    });

    it('refusals are 401 problems', () => {
      expect(() => guard.canActivate(http('POST', {}, Routes, 'delivery'))).toThrow(expect.objectContaining({ kind: 'Unauthenticated', code: 'AUTH.DAPR_TOKEN_MISSING' }));
    });

    it('without a token configured the routes daprd calls are open', () => {
      expect(new DaprTokenGuard(undefined, new Reflector()).canActivate(http('POST', {}, Routes, 'delivery'))).toBe(true);
    });
  });

  describe('daprTokenProblem', () => {
    it('unset is allowed on loopback only', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect({ host, loopback: isLoopbackHost(host), problem: daprTokenProblem(undefined, host) }).toEqual({ host, loopback: true, problem: undefined });
      for (const host of ['0.0.0.0', '::', '10.0.0.7', 'audit.svc']) expect(daprTokenProblem(undefined, host)).toMatch(/^DAPR_APP_API_TOKEN is required when HTTP_HOST/);
    });

    it('refuses a short token and one with a space, without printing it', () => {
      const short = 'short-token-1234';
      expect(daprTokenProblem(short, '0.0.0.0')).toBe('DAPR_APP_API_TOKEN must be at least 32 characters');
      expect(daprTokenProblem(`${TOKEN} x`, '0.0.0.0')).toBe('DAPR_APP_API_TOKEN must be printable ASCII without spaces');
      expect(daprTokenProblem(TOKEN, '0.0.0.0')).toBeUndefined();
      expect(daprTokenProblem(TOKEN, '127.0.0.1')).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    const doc = () => ({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/dapr/events': { post: { 'x-called-by-dapr': true, responses: { 200: { description: 'ok' } } } },
        '/things': { post: { responses: {} }, get: { responses: {} } },
      },
    });

    it('puts the dapr-api-token scheme and a 401 on the operations daprd calls only, the api-key scheme on the others', () => {
      const out = documentDaprToken(documentApiKey(doc()));
      expect(out.components?.securitySchemes).toEqual({
        'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        'dapr-api-token': { type: 'apiKey', in: 'header', name: 'dapr-api-token' },
      });
      expect(out.paths['/dapr/events'].post).toMatchObject({ security: [{ 'dapr-api-token': [] }], responses: { 200: { description: 'ok' }, 401: {} } });
      expect(out.paths['/things'].post?.security).toEqual([{ 'api-key': [] }]);
      expect(out.paths['/things'].get?.security).toEqual([{ 'api-key': [] }]);
    });

    it('leaves a document without such operations alone', () => {
      const plain = { ...doc(), paths: { '/things': doc().paths['/things'] } };
      expect(hasDaprRoutes(plain)).toBe(false);
      expect(hasDaprRoutes(doc())).toBe(true);
      expect(documentDaprToken(plain)).toBe(plain);
    });
  });
});
