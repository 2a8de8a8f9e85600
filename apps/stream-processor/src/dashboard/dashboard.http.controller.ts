import { ApiProblems, STORE_UNAVAILABLE } from '@app/platform';
import { Controller, Get, Header, MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { from, interval, map, merge, Observable, of, switchMap, throttleTime } from 'rxjs';
import { AlertRepository } from '../alerts/database/alert.repository';
import { CatalogueRepository } from '../catalogue/database/catalogue.repository';
import { toCatalogueResponse } from '../catalogue/dtos/catalogue-entry.mapper';
import { ViewProgress } from '../views/view-progress';
import { DASHBOARD_PAGE } from './dashboard.page';

const SHOWN = 200;
const KEEPALIVE_MS = 15_000;

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardHttpController {
  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly alerts: AlertRepository,
    private readonly progress: ViewProgress,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The live dashboard (HTML): catalogue and active alerts, updated over server-sent events' })
  @ApiProduces('text/html')
  page(): string {
    return DASHBOARD_PAGE;
  }

  /** A snapshot at once, then after every view change (at most 4 a second), and every 15 s as a keep-alive. */
  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: `snapshot` events with the catalogue and the active alerts' })
  @ApiOkResponse({ description: 'text/event-stream' })
  stream(): Observable<MessageEvent> {
    const changes = this.progress.changes.pipe(throttleTime(250, undefined, { leading: true, trailing: true }));
    return merge(of(null), changes, interval(KEEPALIVE_MS)).pipe(
      switchMap(() => from(this.snapshot())),
      map((data) => ({ type: 'snapshot', data })),
    );
  }

  @Get('snapshot')
  @ApiOperation({ summary: 'The snapshot the stream sends: catalogue (first 200) and active alerts (first 200)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['at', 'catalogue', 'alerts'],
      additionalProperties: false,
      properties: {
        at: { type: 'string', format: 'date-time' },
        catalogue: { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array' } } },
        alerts: { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array' } } },
      },
    },
  })
  @ApiProblems({ 503: [STORE_UNAVAILABLE] })
  async snapshot(): Promise<Record<string, unknown>> {
    const [catalogue, alerts] = await Promise.all([this.catalogue.list(0, SHOWN), this.alerts.list({ active: true }, 0, SHOWN)]);
    return {
      at: new Date().toISOString(),
      catalogue: { total: catalogue.total, items: catalogue.items.map(toCatalogueResponse) },
      alerts: { total: alerts.total, items: alerts.items },
    };
  }
}
