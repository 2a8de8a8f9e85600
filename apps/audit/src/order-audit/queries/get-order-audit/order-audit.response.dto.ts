import { ApiProperty } from '@nestjs/swagger';

export class AuditedVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() eventId: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['Placed', 'StatusChanged'] }) change: string;
  @ApiProperty() status: string;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'The OrderChanged event exactly as recorded' }) event: object;
}

export class OrderAuditResponseDto {
  @ApiProperty() orderId: string;
  @ApiProperty({ type: [AuditedVersionDto] }) versions: AuditedVersionDto[];
}
