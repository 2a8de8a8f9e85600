import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from './aggregate-id.param';
import { IdString } from './id-string.decorator';
import type { OpenAPIObject } from '@nestjs/swagger';
import { isAmount } from './amount.validator';
import { problemSchema } from './api-problems.decorator';
import { IntegerQuery } from './integer-query.decorator';
import { closeObjectSchemas, readableOperationId } from './openapi-document';
import { enumOrNull, Optional } from './optional.decorator';
import { PageQueryDto } from './page-query.dto';
import { createValidationPipe } from './validation.pipe';

class NoteDto {
  @ApiProperty() @Optional() @IsString() note?: string;
}

class IdDto {
  @IdString() @IsString() @Matches(AGGREGATE_ID_PATTERN) id: string;
}

class CountQueryDto {
  @IntegerQuery() @IsInt() @Max(10) count = 1;
}

const pipe = createValidationPipe();
const validate = <T>(metatype: new () => T, value: unknown, type: 'body' | 'query' = 'body') => pipe.transform(value, { type, metatype });

describe('request contract pieces', () => {
  it('an integer query parameter is read only from a plain decimal literal', async () => {
    await expect(validate(CountQueryDto, { count: '7' }, 'query')).resolves.toMatchObject({ count: 7 });
    await expect(validate(CountQueryDto, {}, 'query')).resolves.toMatchObject({ count: 1 });
    for (const count of ['1e1', '1.5', ' 2', '', '0x3', ['1', '2']]) {
      await expect(validate(CountQueryDto, { count }, 'query')).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
    }
  });

  it('page numbers are bounded, so the skip stays a number the store takes', async () => {
    await expect(validate(PageQueryDto, { page: '1000000' }, 'query')).resolves.toMatchObject({ page: 1_000_000, pageSize: 20 });
    await expect(validate(PageQueryDto, { page: '1000001' }, 'query')).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });

  it('an amount has at most two decimals, whatever way JavaScript prints it', () => {
    for (const ok of [0, 9.99, 1_000_000, 0.1, 12.5]) expect(isAmount(ok)).toBe(true);
    for (const bad of [1e-7, 5e-324, 1.005, 0.1 + 0.2, NaN, Infinity, '9.99']) expect(isAmount(bad)).toBe(false);
  });

  it('an optional field may be left out or sent as null, which reads as left out', async () => {
    await expect(validate(NoteDto, {})).resolves.toEqual({});
    await expect(validate(NoteDto, { note: 'x' })).resolves.toEqual({ note: 'x' });
    const withNull = await validate(NoteDto, { note: null });
    expect(withNull).toEqual({});
    expect(JSON.stringify(withNull)).toBe('{}');
    await expect(validate(NoteDto, { note: 7 })).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });

  it('an optional enum field documents null among its values, as OpenAPI 3.0 needs for null to be allowed', () => {
    expect(enumOrNull(['Gold', 'Silver'] as const)).toEqual(['Gold', 'Silver', null]);
  });

  it('an id may be sent as a JSON number and is read as its decimal string', async () => {
    await expect(validate(IdDto, { id: 123456 })).resolves.toEqual({ id: '123456' });
    await expect(validate(IdDto, { id: 'cust-1' })).resolves.toEqual({ id: 'cust-1' });
    for (const id of [-1, 1.5, 2 ** 53, true]) await expect(validate(IdDto, { id })).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });
});

describe('the documented contract', () => {
  it('a problem schema allows exactly its status, title and codes', () => {
    const schema = problemSchema(404, ['ORDER.NOT_FOUND']);
    expect(schema.properties).toMatchObject({ status: { enum: [404] }, title: { enum: ['Not Found'] }, code: { enum: ['ORDER.NOT_FOUND'] } });
    expect(schema.additionalProperties).toBe(false);
  });

  it('a route that names no operation id gets its use case and method, never Nest\'s Controller_method', () => {
    expect(readableOperationId('DashboardHttpController', 'snapshot')).toBe('dashboardSnapshot');
    expect(readableOperationId('RecordOrderEventDaprController', 'deliver')).toBe('recordOrderEventDeliver');
    expect(readableOperationId('RunLoyaltyCronController', 'runNow')).toBe('runLoyaltyRunNow');
    expect(readableOperationId('HealthController', 'ready')).toBe('healthReady');
  });

  it('named object schemas are closed unless they say otherwise', () => {
    const document = {
      components: {
        schemas: {
          Open: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
          Dto: { type: 'object', properties: { a: { type: 'string' } } },
          Free: { type: 'object' },
        },
      },
    } as unknown as OpenAPIObject;
    const schemas = closeObjectSchemas(document).components?.schemas as Record<string, { additionalProperties?: boolean }>;
    expect(schemas.Open.additionalProperties).toBe(true);
    expect(schemas.Dto.additionalProperties).toBe(false);
    expect(schemas.Free.additionalProperties).toBeUndefined();
  });
});
