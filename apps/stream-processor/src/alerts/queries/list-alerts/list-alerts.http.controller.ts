import { ApiProblems, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertRepository } from '../../database/alert.repository';
import { AlertPageDto } from '../../dtos/alert.response.dto';
import { ListAlertsQueryDto } from './list-alerts.query.dto';

@ApiTags('alerts')
@Controller('alerts')
export class ListAlertsHttpController {
  constructor(private readonly alerts: AlertRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listAlerts', summary: 'Alerts (active by default), newest first: low-stock, critical-stock, delayed-gold-order, order-at-risk' })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { type, subjectId, status, page, pageSize }: ListAlertsQueryDto): Promise<AlertPageDto> {
    const active = status === 'all' ? undefined : status === 'active';
    const { items, total } = await this.alerts.list({ type, active, subjectId }, (page - 1) * pageSize, pageSize);
    return { items: items.map(({ sourceVersion: _v, ...alert }) => alert), page, pageSize, total };
  }
}
