import { Controller, Get, Query } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { MAX_ARRAY_LENGTH, MAX_BODY_DEPTH, bodyShapeProblem } from './body-shape';
import { MAX_FIELD_PROBLEMS, requestValidationError } from './request-validation.error';
import { clientErrorResponse } from './request-limits';
import { handlerTakesQuery } from './undeclared-query.guard';
import { PageQueryDto } from './page-query.dto';

@Controller('things')
class ThingsController {
  @Get() list(@Query() _query: PageQueryDto): void {}
  @Get(':id') one(): void {}
}

describe('request limits', () => {
  it('answers a header overflow with a 431 problem, not a bare status line', () => {
    const raw = clientErrorResponse('HPE_HEADER_OVERFLOW');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 431 Request Header Fields Too Large',
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ]);
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
  });

  it('answers any other parser error as malformed HTTP (400), and a timeout as 408', () => {
    expect(JSON.parse(clientErrorResponse('HPE_INVALID_METHOD').split('\r\n\r\n')[1])).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_HTTP' });
    expect(clientErrorResponse(undefined)).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect(clientErrorResponse('ERR_HTTP_REQUEST_TIMEOUT')).toMatch(/^HTTP\/1.1 408 /);
  });

  it('knows which handlers read the query string', () => {
    expect(handlerTakesQuery(ThingsController, 'list')).toBe(true);
    expect(handlerTakesQuery(ThingsController, 'one')).toBe(false);
  });
});

describe('body shape', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('accepts ordinary documents and refuses depth beyond the limit without recursing', () => {
    expect(bodyShapeProblem({ name: { firstName: 'A' }, creditCards: [{ number: 'x' }], items: Array.from({ length: MAX_ARRAY_LENGTH }, () => ({})) })).toBeUndefined();
    expect(bodyShapeProblem(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(bodyShapeProblem(nested(MAX_BODY_DEPTH + 1))).toEqual({ code: 'REQUEST.TOO_DEEP', path: 'a.'.repeat(MAX_BODY_DEPTH).slice(0, -1) });
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(bodyShapeProblem(deep)?.code).toBe('REQUEST.TOO_DEEP');
  });

  it('refuses an overlong array and prototype keys, naming where', () => {
    expect(bodyShapeProblem({ items: Array.from({ length: MAX_ARRAY_LENGTH + 1 }, () => 1) })).toEqual({ code: 'REQUEST.ARRAY_TOO_LONG', path: 'items' });
    expect(bodyShapeProblem(JSON.parse('{"name":{"__proto__":{"admin":true}}}'))).toEqual({ code: 'REQUEST.FORBIDDEN_KEY', path: 'name.__proto__' });
    expect(bodyShapeProblem({ items: [{ constructor: {} }] })).toEqual({ code: 'REQUEST.FORBIDDEN_KEY', path: 'items[0].constructor' });
  });

  it('lists at most 50 field problems', () => {
    const errors = Array.from({ length: 500 }, (_, i) => Object.assign(new ValidationError(), { property: String(i), constraints: { isInt: 'must be an integer' } }));
    const error = requestValidationError(errors);
    expect(error.fields).toHaveLength(MAX_FIELD_PROBLEMS);
    expect(error.message).toMatch(/; and 450 more$/);
  });
});
