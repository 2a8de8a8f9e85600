import { Controller, Get, Query } from '@nestjs/common';
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
