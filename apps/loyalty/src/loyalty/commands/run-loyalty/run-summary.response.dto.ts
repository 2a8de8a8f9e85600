import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderOutcome, RunSummary } from './run-loyalty.handler';

class RunOutcomesDto implements Partial<Record<OrderOutcome, number>> {
  @ApiPropertyOptional({ example: 2 }) awarded?: number;
  @ApiPropertyOptional({ example: 9 }) already_counted?: number;
  @ApiPropertyOptional() no_points?: number;
  @ApiPropertyOptional() etag_conflict?: number;
  @ApiPropertyOptional() lock_timeout?: number;
  @ApiPropertyOptional() failed?: number;
}

export class RunSummaryResponseDto implements RunSummary {
  @ApiProperty({ example: '3e9d1c2b-4a5f-4b6c-9d7e-8f0a1b2c3d4e', description: "The run's id; empty when a cron-triggered run failed before it started" }) runId: string;
  @ApiProperty({ example: false, description: 'true when a run of this worker was still going, so this one did nothing' }) skipped: boolean;
  @ApiProperty({ example: 2, description: 'Audited orders of this worker not counted yet' }) candidates: number;
  @ApiProperty({ type: RunOutcomesDto, description: 'Orders per outcome' }) outcomes: RunOutcomesDto;
}
