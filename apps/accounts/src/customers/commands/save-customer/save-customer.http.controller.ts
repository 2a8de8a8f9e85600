import { ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, parseIfMatch, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CustomerMapper } from '../../database/customer.mapper';
import { CustomerErrors } from '../../domain/customer.errors';
import { CustomerResponseDto } from '../../dtos/customer.response.dto';
import { AggregateIdParam } from '@app/platform';
import { CompatCreateCustomerDto, SaveCustomerRequestDto } from './save-customer.request.dto';
import { SaveCustomerHandler } from './save-customer.handler';

@ApiTags('customers')
@Controller()
export class SaveCustomerHttpController {
  constructor(private readonly handler: SaveCustomerHandler) {}

  @Put('customers/:id')
  @ApiOperation({ summary: 'Create or replace a customer', description: 'Publishes CustomerChanged to accounts.customer.change. 201 when created, 200 when replaced or unchanged.' })
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
    return this.save(id, body, ifMatch, correlationId, res);
  }

  @Post('accounts/customer/create')
  @ApiOperation({ summary: 'Compatibility route of the original design: the id is inside the body', description: 'Same as PUT /customers/{customerId}.' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'Replaced or unchanged' })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'Created' })
  @ApiProblems({ 400: [...BODY_PROBLEMS, 'CUSTOMER.CARD_INVALID'], 409: ['CUSTOMER.CONCURRENT_MODIFICATION'], 503: [STORE_UNAVAILABLE] })
  async compatCreate(
    @Body() body: CompatCreateCustomerDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerResponseDto> {
    const { customerId, ...document } = body;
    return this.save(customerId, document, undefined, correlationId, res);
  }

  private async save(
    id: string,
    body: SaveCustomerRequestDto,
    ifMatch: string | undefined,
    correlationId: string,
    res: Response,
  ): Promise<CustomerResponseDto> {
    if (body.customerId !== undefined && body.customerId !== id) throw CustomerErrors.idMismatch(id);
    const { customerId: _ignored, ...document } = body;
    const { customer, created } = await this.handler.execute(
      { customerId: id, ...document, contact: document.contact ?? {}, expectedVersion: parseIfMatch(ifMatch) },
      correlationId,
    );
    res.status(created ? 201 : 200).setHeader('ETag', etagOf(customer.version));
    res.setHeader('Location', `/customers/${encodeURIComponent(id)}`);
    return CustomerMapper.toResponse(customer);
  }
}
