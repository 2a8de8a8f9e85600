import { ApiProblems, etagOf, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderMapper } from '../../database/order.mapper';
import { OrderRepository } from '../../database/order.repository';
import { OrderErrors } from '../../domain/order.errors';
import { MinVersionQueryDto } from '../../dtos/min-version.query.dto';
import { OrderIdParam } from '../../dtos/order-id.param';
import { OrderResponseDto } from '../../dtos/order.response.dto';
import { DomainError } from '@app/core';

@ApiTags('orders')
@Controller('orders')
export class GetOrderHttpController {
  constructor(private readonly orders: OrderRepository) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getOrder', summary: 'One order; ETag carries its version. ?minVersion=N answers 503 REPLICA.NOT_CAUGHT_UP if the order is older' })
  @ApiOkResponse({ type: OrderResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['ORDER.NOT_FOUND'], 503: ['REPLICA.NOT_CAUGHT_UP', STORE_UNAVAILABLE] })
  async get(@Param() { id }: OrderIdParam, @Query() { minVersion }: MinVersionQueryDto, @Res({ passthrough: true }) res: Response): Promise<OrderResponseDto> {
    const order = await this.orders.findById(id);
    if (!order) throw OrderErrors.notFound(id);
    if (minVersion && order.version < minVersion) {
      throw new DomainError('Unavailable', 'REPLICA.NOT_CAUGHT_UP', `order ${id} is at version ${order.version}`);
    }
    res.setHeader('ETag', etagOf(order.version));
    return OrderMapper.toResponse(order);
  }
}
