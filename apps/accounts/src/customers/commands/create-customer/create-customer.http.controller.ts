import { ApiProblems, BODY_PROBLEMS, CorrelationId, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CustomerDocumentDto } from '../../dtos/customer-document.dto';
import { CustomerResponseDto } from '../../dtos/customer.response.dto';
import { answerWrite } from '../customer-write.response';
import { CreateCustomerHandler } from './create-customer.handler';

@ApiTags('customers')
@Controller('customers')
export class CreateCustomerHttpController {
  constructor(private readonly handler: CreateCustomerHandler) {}

  @Post()
  @ApiOperation({
    operationId: 'createCustomer',
    summary: 'Create a customer under an id the server assigns',
    description: 'The same document and card rules as PUT /customers/{id} (strict); the new id is in the body, the Location header and, as its version, the ETag. Publishes CustomerChanged (Created).',
  })
  @ApiCreatedResponse({ type: CustomerResponseDto, headers: { Location: { description: '/customers/{customerId}', schema: { type: 'string' } } } })
  @ApiProblems({ 400: [...BODY_PROBLEMS, 'CUSTOMER.CARD_INVALID'], 503: [STORE_UNAVAILABLE] })
  async create(@Body() body: CustomerDocumentDto, @CorrelationId() correlationId: string, @Res({ passthrough: true }) res: Response): Promise<CustomerResponseDto> {
    return answerWrite(res, await this.handler.execute({ ...body, contact: body.contact ?? {} }, correlationId));
  }
}
