import { AggregateIdParam, ApiParamExample, ApiProblems, BODY_PROBLEMS, CorrelationId, parseIfMatch, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CustomerErrors } from '../../domain/customer.errors';
import { CustomerResponseDto } from '../../dtos/customer.response.dto';
import { answerWrite } from '../customer-write.response';
// The original design's documented request, verbatim; postman/generate.mjs sends the same file.
import SEED_SAMPLE from './seed-sample.example.json';
import { CompatCreateCustomerDto, compatCustomer, SaveCustomerRequestDto } from './save-customer.request.dto';
import { SaveCustomerHandler } from './save-customer.handler';

@ApiTags('customers')
@Controller()
export class SaveCustomerHttpController {
  constructor(private readonly handler: SaveCustomerHandler) {}

  @Put('customers/:id')
  @ApiParamExample(SEEDED.customerId)
  @ApiOperation({
    operationId: 'saveCustomer',
    summary: 'Create or replace a customer',
    description:
      'Publishes CustomerChanged to accounts.customer.change. 201 when created, 200 when replaced or unchanged. ' +
      'Strict about cards: an expired card or one failing the Luhn check is refused (400 CUSTOMER.CARD_INVALID); ' +
      'the compatibility route POST /accounts/customer/create keeps such cards with flags instead.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected version, e.g. "3"; a stale one gets 409 CUSTOMER.VERSION_CONFLICT' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'Replaced or unchanged; the ETag header carries the version' })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'Created; the ETag header carries the version' })
  @ApiProblems({
    400: [...BODY_PROBLEMS, 'REQUEST.BAD_IF_MATCH', 'CUSTOMER.CARD_INVALID', 'CUSTOMER.ID_MISMATCH'],
    409: ['CUSTOMER.VERSION_CONFLICT', 'CUSTOMER.CONCURRENT_MODIFICATION'],
    503: [STORE_UNAVAILABLE],
  })
  async put(
    @Param() { id }: AggregateIdParam,
    @Body() body: SaveCustomerRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerResponseDto> {
    const { customerId, ...document } = body;
    if (customerId !== undefined && customerId !== id) throw CustomerErrors.idMismatch(id);
    const result = await this.handler.execute({ customerId: id, ...document, contact: document.contact ?? {}, expectedVersion: parseIfMatch(ifMatch) }, correlationId);
    return answerWrite(res, result);
  }

  @Post('accounts/customer/create')
  @ApiOperation({
    operationId: 'createCustomerCompat',
    summary: 'Compatibility route of the original design: the id is inside the body',
    description:
      "The original design's request works verbatim: the id as `id` (a number is read as its string) or `customerId`, null for any optional field, " +
      'expiry as M/YY, MM/YY or MM/YYYY. Unlike PUT /customers/{id}, an expired card or one failing the Luhn check is kept, ' +
      'with `flags` (EXPIRED, CHECK_DIGIT_FAILED) saying so, instead of being refused. Card numbers are never kept: brand, last four, expiry.',
  })
  @ApiBody({ type: CompatCreateCustomerDto, examples: { 'original design sample': { value: SEED_SAMPLE } } })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'Replaced or unchanged' })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'Created' })
  @ApiProblems({ 400: [...BODY_PROBLEMS, 'CUSTOMER.CARD_INVALID', 'CUSTOMER.ID_MISMATCH'], 409: ['CUSTOMER.CONCURRENT_MODIFICATION'], 503: [STORE_UNAVAILABLE] })
  async compatCreate(
    @Body() body: CompatCreateCustomerDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerResponseDto> {
    const { customerId, document } = compatCustomer(body);
    const result = await this.handler.execute({ customerId, ...document, contact: document.contact ?? {}, cardPolicy: 'flag' }, correlationId);
    return answerWrite(res, result);
  }
}
