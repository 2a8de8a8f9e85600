import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerMapper } from '../../database/customer.mapper';
import { CustomerRepository } from '../../database/customer.repository';
import { CustomerPageDto } from '../../dtos/customer.response.dto';
import { ApiProblems, PageQueryDto, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';

@ApiTags('customers')
@Controller('customers')
export class ListCustomersHttpController {
  constructor(private readonly customers: CustomerRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listCustomers', summary: 'Customers ordered by id, one page at a time' })
  @ApiOkResponse({ type: CustomerPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { page, pageSize }: PageQueryDto): Promise<CustomerPageDto> {
    const { items, total } = await this.customers.list((page - 1) * pageSize, pageSize);
    return { items: items.map(CustomerMapper.toResponse), page, pageSize, total };
  }
}
