import { DomainError } from '@app/core';
import { DAPR_UNAVAILABLE } from '@app/dapr';
import { AggregateIdParam, ApiProblems, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLogRepository } from '../../database/audit-log.repository';
import { OrderAuditResponseDto } from './order-audit.response.dto';

@ApiTags('audit')
@Controller('audit/orders')
export class GetOrderAuditHttpController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getOrderAudit', summary: "An order's audited versions, oldest first (read back through the Dapr binding)" })
  @ApiOkResponse({ type: OrderAuditResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['AUDIT.NOT_FOUND'], 503: [DAPR_UNAVAILABLE] })
  async get(@Param() { id }: AggregateIdParam): Promise<OrderAuditResponseDto> {
    const records = await this.log.versions(id);
    if (records.length === 0) throw new DomainError('NotFound', 'AUDIT.NOT_FOUND', `no audited version of order ${id}`);
    return {
      orderId: id,
      versions: records.map((r) => ({
        version: r.aggregateVersion,
        eventId: r.eventId,
        occurredAt: r.occurredAt,
        change: r.payload.change,
        status: r.payload.order.status,
        total: r.payload.order.total,
        event: r,
      })),
    };
  }
}
