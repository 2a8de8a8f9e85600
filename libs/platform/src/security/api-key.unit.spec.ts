import { httpContext, refusalCode } from '@app/testing/http-context';
import { Reflector } from '@nestjs/core';
import { ServiceConfig } from '../config/service.config';
import { ConfigError, validateConfig } from '../config/validate-config';
import { checkApiKey } from './api-key';
import { ApiKeyGuard } from './api-key.guard';
import { CalledByDapr } from './called-by-dapr';
import { documentApiKey } from './api-key.openapi';

const KEY_A = 'a'.repeat(40);
const KEY_B = 'B0-'.repeat(12);

class Routes {
  write(): void {}
  @CalledByDapr() delivery(): void {}
}

/** A request to `path` (the guard matches the open prefixes on it) handled by `handler`. */
const http = (method: string, headers: Record<string, string> = {}, handler: keyof Routes = 'write', path = '/things/1') => httpContext(method, headers, Routes, handler, path);

describe('API keys', () => {
  describe('checkApiKey', () => {
    it('accepts any configured key and refuses others, an empty one and a prefix', () => {
      expect(checkApiKey(KEY_A, [KEY_A, KEY_B])).toBe('OK');
      expect(checkApiKey(KEY_B, [KEY_A, KEY_B])).toBe('OK');
      expect(checkApiKey([KEY_B], [KEY_A, KEY_B])).toBe('OK');
      expect(checkApiKey(KEY_A.slice(1), [KEY_A])).toBe('INVALID');
      expect(checkApiKey(`${KEY_A}x`, [KEY_A])).toBe('INVALID');
      expect(checkApiKey(undefined, [KEY_A])).toBe('MISSING');
      expect(checkApiKey('', [KEY_A])).toBe('MISSING');
    });
  });

  describe('config', () => {
    const problems = (env: NodeJS.ProcessEnv): string[] => {
      try {
        validateConfig(ServiceConfig, env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };

    it('API_OPEN_PATHS: health, metrics and docs when unset or empty; a list of prefixes; a malformed prefix stops the service', () => {
      expect(validateConfig(ServiceConfig, {}).API_OPEN_PATHS).toEqual(['/health', '/metrics', '/docs', '/docs-json']);
      expect(validateConfig(ServiceConfig, { API_OPEN_PATHS: '' }).API_OPEN_PATHS).toEqual(['/health', '/metrics', '/docs', '/docs-json']);
      expect(validateConfig(ServiceConfig, { API_OPEN_PATHS: ' /health , /metrics/custom' }).API_OPEN_PATHS).toEqual(['/health', '/metrics/custom']);
      for (const bad of ['health', '/health/', '/', '/docs*', '/a?b=1', '/a/../b', '/a b']) {
        expect({ bad, problems: problems({ API_OPEN_PATHS: bad }) }).toEqual({
          bad,
          problems: ['API_OPEN_PATHS: API_OPEN_PATHS: every prefix is a path such as /health (no trailing slash, query, wildcard or dot segment)'],
        });
      }
    });

    it('is off when unset or empty, and reads a comma-separated list for rotation', () => {
      expect(validateConfig(ServiceConfig, {}).API_KEYS).toBeUndefined();
      expect(validateConfig(ServiceConfig, { API_KEYS: '' }).API_KEYS).toBeUndefined();
      expect(validateConfig(ServiceConfig, { API_KEYS: ` ${KEY_A} , ${KEY_B}` }).API_KEYS).toEqual([KEY_A, KEY_B]);
    });

    it('refuses a short key, a key with a space and a list of nothing, without printing the key', () => {
      const short = 'short-key-123';
      const found = problems({ API_KEYS: `${KEY_A},${short}` });
      expect(found).toEqual(['API_KEYS: API_KEYS: every key must be at least 32 characters']);
      expect(found.join()).not.toContain(short);
      expect(problems({ API_KEYS: `${KEY_A.slice(0, 20)} ${KEY_A}` })).toEqual(['API_KEYS: API_KEYS: keys are printable ASCII without spaces (commas separate keys)']);
      expect(problems({ API_KEYS: ' , ' })).toEqual(['API_KEYS: API_KEYS must list at least one key when set']);
    });
  });

  describe('ApiKeyGuard', () => {
    const guard = new ApiKeyGuard([KEY_A, KEY_B], new Reflector());

    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s without a key → AUTH.API_KEY_MISSING, wrong key → AUTH.API_KEY_INVALID, right key → allowed', (method) => {
      expect(refusalCode(() => guard.canActivate(http(method)))).toBe('AUTH.API_KEY_MISSING');
      expect(refusalCode(() => guard.canActivate(http(method, { 'x-api-key': 'x'.repeat(40) })))).toBe('AUTH.API_KEY_INVALID');
      expect(guard.canActivate(http(method, { 'x-api-key': KEY_B }))).toBe(true);
    });

    it.each(['GET', 'HEAD', 'OPTIONS'])('reads too: %s without a key → AUTH.API_KEY_MISSING, wrong key → AUTH.API_KEY_INVALID, right key → allowed', (method) => {
      expect(refusalCode(() => guard.canActivate(http(method)))).toBe('AUTH.API_KEY_MISSING');
      expect(refusalCode(() => guard.canActivate(http(method, { 'x-api-key': KEY_A.toUpperCase() })))).toBe('AUTH.API_KEY_INVALID');
      expect(guard.canActivate(http(method, { 'x-api-key': KEY_A }))).toBe(true);
    });

    it('leaves the open paths (health, metrics, docs by default) and the routes Dapr calls to others', () => {
      for (const path of ['/health', '/health/live', '/metrics', '/docs', '/docs/', '/docs-json']) expect({ path, allowed: guard.canActivate(http('GET', {}, 'write', path)) }).toEqual({ path, allowed: true });
      for (const path of ['/healthz', '/health-data', '/Health', '/metrics2', '/customers/health']) {
        expect({ path, code: refusalCode(() => guard.canActivate(http('GET', {}, 'write', path))) }).toEqual({ path, code: 'AUTH.API_KEY_MISSING' });
      }
      expect(guard.canActivate(http('POST', {}, 'delivery'))).toBe(true);
      expect(guard.canActivate(http('GET', {}, 'delivery'))).toBe(true);
    });

    it('opens exactly the configured prefixes', () => {
      const onlyProbes = new ApiKeyGuard([KEY_A], new Reflector(), ['/health']);
      expect(onlyProbes.canActivate(http('GET', {}, 'write', '/health/live'))).toBe(true);
      expect(refusalCode(() => onlyProbes.canActivate(http('GET', {}, 'write', '/metrics')))).toBe('AUTH.API_KEY_MISSING');
      expect(refusalCode(() => new ApiKeyGuard([KEY_A], new Reflector(), []).canActivate(http('GET', {}, 'write', '/health')))).toBe('AUTH.API_KEY_MISSING');
    });

    it('allows every write when no key is configured', () => {
      expect(new ApiKeyGuard([], new Reflector()).canActivate(http('POST'))).toBe(true);
    });

    it('errors are 401 problems', () => {
      try {
        guard.canActivate(http('PUT'));
      } catch (error) {
        expect(error).toMatchObject({ kind: 'Unauthenticated', code: 'AUTH.API_KEY_MISSING' });
      }
      expect.assertions(1);
    });
  });

  describe('OpenAPI', () => {
    it('puts the scheme on every operation but those under the open paths and documents the 401', () => {
      const doc = documentApiKey({
        openapi: '3.0.0',
        info: { title: 't', version: '1' },
        paths: {
          '/things/{id}': { get: { responses: {} }, put: { responses: { 200: { description: 'ok' } } } },
          '/runs': { post: { responses: {} } },
          '/health/live': { get: { responses: {} } },
          '/metrics': { get: { responses: {} } },
        },
      });
      expect(doc.components?.securitySchemes).toEqual({ 'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' } });
      expect(doc.paths['/things/{id}'].put).toMatchObject({ security: [{ 'api-key': [] }], responses: { 200: { description: 'ok' }, 401: {} } });
      expect(doc.paths['/things/{id}'].get).toMatchObject({ security: [{ 'api-key': [] }], responses: { 401: {} } });
      expect(doc.paths['/runs'].post?.security).toEqual([{ 'api-key': [] }]);
      expect(doc.paths['/health/live'].get?.security).toBeUndefined();
      expect(doc.paths['/metrics'].get?.security).toBeUndefined();
    });
  });
});
