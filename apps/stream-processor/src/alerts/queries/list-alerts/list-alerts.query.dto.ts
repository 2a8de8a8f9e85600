import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN, PageQueryDto, SEEDED } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ALERT_TYPES, AlertType } from '../../domain/alert';

export const ALERT_STATUSES = ['active', 'closed', 'all'] as const;

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALERT_TYPES })
  @IsOptional()
  @IsIn(ALERT_TYPES)
  type?: AlertType;

  /** One product's or order's alerts. */
  @ApiPropertyOptional({ example: SEEDED.criticalProductId, description: 'product or order id the alerts are about' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: `subjectId ${AGGREGATE_ID_MESSAGE}` })
  subjectId?: string;

  @ApiPropertyOptional({ enum: ALERT_STATUSES, default: 'active' })
  @IsIn(ALERT_STATUSES)
  status: (typeof ALERT_STATUSES)[number] = 'active';
}
