import { DAPR_API_TAG, DAPR_UNAVAILABLE } from '@app/dapr';
import { ApiProblems, BODY_PARSER_PROBLEMS, CalledByDapr } from '@app/platform';
import { Controller, HttpCode, Options, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RunLoyaltyHandler, RunSummary } from './run-loyalty.handler';
import { RunSummaryResponseDto } from './run-summary.response.dto';

/** The Dapr cron binding `loyalty-cron` (dapr/components/loyalty-cron.yaml) and a manual trigger. */
@ApiTags('loyalty')
@Controller()
export class RunLoyaltyCronController {
  constructor(private readonly handler: RunLoyaltyHandler) {}

  /** daprd asks before it delivers input binding events; a 2xx (or 405) means "deliver them here". */
  @Options('loyalty-cron')
  @HttpCode(200)
  @ApiTags(DAPR_API_TAG)
  @ApiOperation({ summary: 'The cron binding asks whether this app takes its events: yes' })
  @ApiOkResponse({ description: 'No body' })
  handshake(): void {}

  @Post('loyalty-cron')
  @CalledByDapr()
  @HttpCode(200)
  @ApiTags(DAPR_API_TAG)
  @ApiOperation({ summary: 'A tick of the cron binding: runs the loyalty job; a failed run answers 200 too (the next tick retries)' })
  @ApiOkResponse({ type: RunSummaryResponseDto })
  @ApiProblems({ 400: BODY_PARSER_PROBLEMS })
  async tick(): Promise<RunSummary> {
    // A failed run is logged and counted; the next tick retries (an error here would only be logged by daprd).
    return this.handler.execute().catch(() => ({ runId: '', skipped: false, candidates: 0, outcomes: { failed: 1 } }));
  }

  @Post('loyalty/runs')
  @HttpCode(200)
  @ApiOperation({ operationId: 'runLoyalty', summary: 'Runs the loyalty job now (as the cron binding does) and returns what it did' })
  @ApiOkResponse({ type: RunSummaryResponseDto })
  @ApiProblems({ 400: BODY_PARSER_PROBLEMS, 503: [DAPR_UNAVAILABLE] })
  runNow(): Promise<RunSummary> {
    return this.handler.execute();
  }
}
