import { SEEDED } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { ALERT_TYPES, AlertType } from '../domain/alert';

export class AlertPeriodDto {
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) openedAt: string;
  @ApiProperty({ example: null, type: String, nullable: true }) closedAt: string | null;
}

export class AlertResponseDto {
  @ApiProperty({ example: `critical-stock:${SEEDED.criticalProductId}` }) id: string;
  @ApiProperty({ example: 'critical-stock', enum: ALERT_TYPES }) type: AlertType;
  @ApiProperty({ example: SEEDED.criticalProductId, description: 'The product (stock alerts) or order (order alerts) it is about' }) subjectId: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z', type: String, nullable: true, description: 'Event time the current (or last) period opened' }) openedAt: string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ example: { stock: 2, level: 'Critical' }, type: Object, description: 'Type-specific: stock and level, or the order and its short items' }) details: Record<string, unknown>;
  @ApiProperty({ type: [AlertPeriodDto], description: 'Every period the alert was open, oldest first' }) history: AlertPeriodDto[];
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertResponseDto] }) items: AlertResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 7 }) total: number;
}
