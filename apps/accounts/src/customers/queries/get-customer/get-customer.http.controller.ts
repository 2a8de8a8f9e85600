import { ApiProblems, etagOf, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CustomerMapper } from '../../database/customer.mapper';
import { CustomerRepository } from '../../database/customer.repository';
import { CustomerErrors } from '../../domain/customer.errors';
import { AggregateIdParam, ApiParamExample, SEEDED } from '@app/platform';
import { CustomerResponseDto } from '../../dtos/customer.response.dto';

@ApiTags('customers')
@Controller('customers')
export class GetCustomerHttpController {
  constructor(private readonly customers: CustomerRepository) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getCustomer', summary: 'One customer; the ETag header carries its version' })
  @ApiParamExample(SEEDED.customerId)
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['CUSTOMER.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async get(@Param() { id }: AggregateIdParam, @Res({ passthrough: true }) res: Response): Promise<CustomerResponseDto> {
    const customer = await this.customers.findById(id);
    if (!customer) throw CustomerErrors.notFound(id);
    res.setHeader('ETag', etagOf(customer.version));
    return CustomerMapper.toResponse(customer);
  }
}
