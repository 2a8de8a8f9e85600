import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderOutcome, RunSummary } from './run-loyalty.handler';

class RunOutcomesDto implements Partial<Record<OrderOutcome, number>> {
  @ApiPropertyOptional() awarded?: number;
  @ApiPropertyOptional() already_counted?: number;
  @ApiPropertyOptional() no_points?: number;
  @ApiPropertyOptional() etag_conflict?: number;
  @ApiPropertyOptional() lock_timeout?: number;
  @ApiPropertyOptional() failed?: number;
}

export class RunSummaryResponseDto implements RunSummary {
  @ApiProperty({ description: "The run's id; empty when a cron-triggered run failed before it started" }) runId: string;
  @ApiProperty({ description: 'true when a run of this worker was still going, so this one did nothing' }) skipped: boolean;
  @ApiProperty({ description: 'Audited orders of this worker not counted yet' }) candidates: number;
  @ApiProperty({ type: RunOutcomesDto, description: 'Orders per outcome' }) outcomes: RunOutcomesDto;
}
