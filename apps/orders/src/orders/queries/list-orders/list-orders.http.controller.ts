import { ApiProblems, CustomerIdParam, PageQueryDto, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderMapper } from '../../database/order.mapper';
import { OrderRepository } from '../../database/order.repository';
import { OrderPageDto, OrderResponseDto } from '../../dtos/order.response.dto';
import { ListOrdersQueryDto } from './list-orders.query.dto';

/** Registered before GetOrderHttpController so `/orders/list` is not read as an order id. */
@ApiTags('orders')
@Controller('orders')
export class ListOrdersHttpController {
  constructor(private readonly orders: OrderRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listOrders', summary: 'Orders, newest first, filtered by customer and/or status' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { customerId, status, page, pageSize }: ListOrdersQueryDto): Promise<OrderPageDto> {
    const { items, total } = await this.orders.list({ customerId, status }, (page - 1) * pageSize, pageSize);
    return { items: items.map(OrderMapper.toResponse), page, pageSize, total };
  }

  @Get('list')
  @ApiOperation({ operationId: 'listOrdersCompat', summary: 'Compatibility route of the original design: orders as a plain array (paged)' })
  @ApiOkResponse({ type: [OrderResponseDto] })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async compatList(@Query() { page, pageSize }: PageQueryDto): Promise<OrderResponseDto[]> {
    return (await this.orders.list({}, (page - 1) * pageSize, pageSize)).items.map(OrderMapper.toResponse);
  }

  @Get('order/:customerId')
  @ApiOperation({ operationId: 'listCustomerOrdersCompat', summary: "Compatibility route of the original design: a customer's orders as a plain array (paged)" })
  @ApiOkResponse({ type: [OrderResponseDto] })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async compatByCustomer(@Param() { customerId }: CustomerIdParam, @Query() { page, pageSize }: PageQueryDto): Promise<OrderResponseDto[]> {
    return (await this.orders.list({ customerId }, (page - 1) * pageSize, pageSize)).items.map(OrderMapper.toResponse);
  }
}
