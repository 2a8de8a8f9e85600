import { Idempotent, IDEMPOTENCY_PROBLEMS } from '@app/idempotency';
import { ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderMapper } from '../../database/order.mapper';
import { OrderResponseDto } from '../../dtos/order.response.dto';
import { parseMinVersionHeader } from '../../dtos/min-version.header';
import { PlaceOrderHandler } from './place-order.handler';
import { PlaceOrderRequestDto } from './place-order.request.dto';

export const CUSTOMER_MIN_VERSION_HEADER = 'x-customer-min-version';

@ApiTags('orders')
@Controller('orders')
export class PlaceOrderHttpController {
  constructor(private readonly handler: PlaceOrderHandler) {}

  @Post()
  @ApiOperation({ operationId: 'placeOrder', summary: 'Place an order (status Processing) with the customer shipping address copied in' })
  @ApiHeader({ name: 'X-Customer-Min-Version', required: false, description: 'Wait (bounded) until the customer replica reached this version, e.g. the version PUT /customers returned' })
  // A new order has no placedAt (an example date would in time fall outside the 366 days an import may go back).
  @ApiBody({ type: PlaceOrderRequestDto, examples: { 'after make seed': { value: { customerId: SEEDED.customerId, items: [{ productId: SEEDED.productId, quantity: 1 }] } } } })
  @Idempotent()
  @ApiCreatedResponse({ type: OrderResponseDto })
  @ApiProblems({
    400: [...BODY_PROBLEMS, 'REQUEST.BAD_HEADER', 'ORDER.PLACED_AT_INVALID', 'ORDER.PLACED_AT_IN_FUTURE', 'ORDER.PLACED_AT_TOO_OLD'],
    409: IDEMPOTENCY_PROBLEMS[409],
    422: ['ORDER.CUSTOMER_UNKNOWN', 'ORDER.NO_SHIPPING_ADDRESS', 'ORDER.PRODUCT_UNKNOWN', 'ORDER.PRICE_CHANGED', ...IDEMPOTENCY_PROBLEMS[422]],
    503: ['REPLICA.NOT_CAUGHT_UP', STORE_UNAVAILABLE],
  })
  async place(
    @Body() body: PlaceOrderRequestDto,
    @Headers(CUSTOMER_MIN_VERSION_HEADER) minVersion: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderResponseDto> {
    const order = await this.handler.execute(body, correlationId, parseMinVersionHeader(minVersion, 'X-Customer-Min-Version'));
    res.setHeader('ETag', etagOf(order.version));
    res.setHeader('Location', `/orders/${order.snapshot.orderId}`);
    return OrderMapper.toResponse(order);
  }
}
