import { ApiProperty } from '@nestjs/swagger';
import { ALERT_TYPES, AlertType } from '../domain/alert';

export class AlertPeriodDto {
  @ApiProperty() openedAt: string;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
}

export class AlertResponseDto {
  @ApiProperty({ example: 'low-stock:prod-1' }) id: string;
  @ApiProperty({ enum: ALERT_TYPES }) type: AlertType;
  @ApiProperty({ description: 'The product (stock alerts) or order (order alerts) it is about' }) subjectId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Event time the current (or last) period opened' }) openedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: Object, description: 'Type-specific: stock and level, or the order and its short items' }) details: Record<string, unknown>;
  @ApiProperty({ type: [AlertPeriodDto], description: 'Every period the alert was open, oldest first' }) history: AlertPeriodDto[];
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertResponseDto] }) items: AlertResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
