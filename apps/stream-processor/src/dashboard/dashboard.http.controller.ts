import { ApiProblems, STORE_UNAVAILABLE } from '@app/platform';
import { Controller, Get, Header, MessageEvent, Sse, SseSignal } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { DASHBOARD_TOO_MANY_STREAMS, DashboardFeed, DashboardSnapshot } from './feed/dashboard.feed';
import { DASHBOARD_PAGE } from './page/dashboard.page';

const object = { type: 'object' } as const;

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardHttpController {
  constructor(private readonly feed: DashboardFeed) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'dashboardPage', summary: 'The live dashboard (HTML, no external resources): a panel per query, stock notifications, view lag' })
  @ApiProduces('text/html')
  page(): string {
    return DASHBOARD_PAGE;
  }

  /** Every stream is served by the one shared feed; past DASHBOARD_MAX_STREAMS open ones, 503. */
  @Sse('stream')
  @ApiOperation({
    operationId: 'dashboardStream',
    summary: 'Server-sent events from the one feed all pages share: `snapshot` first, then `panels` (the panels that changed), `notification`, `views` (lag, also every 15 s) and `status`',
  })
  @ApiOkResponse({ description: 'text/event-stream' })
  @ApiProblems({ 503: [DASHBOARD_TOO_MANY_STREAMS] })
  stream(@SseSignal() signal: AbortSignal): Observable<MessageEvent> {
    const release = this.feed.reserve();
    signal.addEventListener('abort', release, { once: true });
    return this.feed.stream();
  }

  @Get('snapshot')
  @ApiOperation({ operationId: 'dashboardSnapshot', summary: 'What the stream shows now: the panels (first 200 rows each, with totals), the views\' lag, the recent stock notifications' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['version', 'at', 'store', 'panels', 'views', 'notifications'],
      additionalProperties: false,
      properties: {
        version: { type: 'integer', description: 'Counts the changes of the panels' },
        at: { type: 'string', format: 'date-time', nullable: true, description: 'When the panels last changed' },
        store: { type: 'string', enum: ['ok', 'unavailable'] },
        panels: {
          ...object,
          nullable: true,
          description: '`catalogue`, `lowStock`, `criticalStock`, `delayedOrders`, `ordersAtRisk`: each `{total, rows}`',
        },
        views: { ...object, description: 'Per view (`catalogue`, `alerts`, `history`): `{lag, lagMeasuredAt, lastEventAt}`' },
        notifications: { ...object, description: '`{since, items}`: the newest LowStock, CriticalStock and StockRecovered events, newest first' },
      },
    },
  })
  @ApiProblems({ 503: [STORE_UNAVAILABLE] })
  snapshot(): Promise<DashboardSnapshot> {
    return this.feed.snapshot();
  }
}
