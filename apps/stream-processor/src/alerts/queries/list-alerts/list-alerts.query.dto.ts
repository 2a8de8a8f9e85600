import { PageQueryDto } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ALERT_TYPES, AlertType } from '../../domain/alert';

export const ALERT_STATUSES = ['active', 'closed', 'all'] as const;

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALERT_TYPES })
  @IsOptional()
  @IsIn(ALERT_TYPES)
  type?: AlertType;

  @ApiPropertyOptional({ enum: ALERT_STATUSES, default: 'active' })
  @IsIn(ALERT_STATUSES)
  status: (typeof ALERT_STATUSES)[number] = 'active';
}
