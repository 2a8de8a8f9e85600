import { CalledByDapr } from '@app/platform';
import { Controller, HttpCode, Options, Post } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RunLoyaltyHandler, RunSummary } from './run-loyalty.handler';

/** The Dapr cron binding `loyalty-cron` (dapr/components/loyalty-cron.yaml) and a manual trigger. */
@ApiTags('loyalty')
@Controller()
export class RunLoyaltyCronController {
  constructor(private readonly handler: RunLoyaltyHandler) {}

  /** daprd asks before it delivers input binding events; a 2xx (or 405) means "deliver them here". */
  @Options('loyalty-cron')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  handshake(): void {}

  @Post('loyalty-cron')
  @CalledByDapr()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async tick(): Promise<RunSummary> {
    // A failed run is logged and counted; the next tick retries (an error here would only be logged by daprd).
    return this.handler.execute().catch(() => ({ runId: '', skipped: false, candidates: 0, outcomes: { failed: 1 } }));
  }

  @Post('loyalty/runs')
  @HttpCode(200)
  @ApiOperation({ summary: 'Runs the loyalty job now (as the cron binding does) and returns what it did' })
  @ApiOkResponse({ description: '{runId, skipped, candidates, outcomes}' })
  runNow(): Promise<RunSummary> {
    return this.handler.execute();
  }
}
