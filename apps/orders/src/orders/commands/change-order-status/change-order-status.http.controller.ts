import { ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, parseIfMatch, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderMapper } from '../../database/order.mapper';
import { OrderIdParam } from '../../dtos/order-id.param';
import { OrderResponseDto } from '../../dtos/order.response.dto';
import { ChangeOrderStatusHandler } from './change-order-status.handler';
import { ChangeOrderStatusRequestDto } from './change-order-status.request.dto';

@ApiTags('orders')
@Controller('orders')
export class ChangeOrderStatusHttpController {
  constructor(private readonly handler: ChangeOrderStatusHandler) {}

  @Put(':id/status')
  @ApiOperation({ operationId: 'changeOrderStatus', summary: 'Move an order along Processing → Shipped → Delivered or Processing → Cancelled' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected order version' })
  @ApiOkResponse({ type: OrderResponseDto })
  @ApiProblems({
    400: [...BODY_PROBLEMS, 'REQUEST.BAD_IF_MATCH'],
    404: ['ORDER.NOT_FOUND'],
    409: ['ORDER.INVALID_TRANSITION', 'ORDER.VERSION_CONFLICT', 'ORDER.CONCURRENT_MODIFICATION'],
    503: [STORE_UNAVAILABLE],
  })
  async change(
    @Param() { id }: OrderIdParam,
    @Body() body: ChangeOrderStatusRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderResponseDto> {
    const order = await this.handler.execute({ orderId: id, status: body.status, expectedVersion: parseIfMatch(ifMatch) }, correlationId);
    res.setHeader('ETag', etagOf(order.version));
    return OrderMapper.toResponse(order);
  }
}
