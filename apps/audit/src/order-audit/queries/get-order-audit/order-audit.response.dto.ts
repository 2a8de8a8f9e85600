import { ApiProperty } from '@nestjs/swagger';

export class AuditedVersionDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '5c0e8f4a-2d7b-4e19-9f3a-6b1c2d3e4f50' }) eventId: string;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) occurredAt: string;
  @ApiProperty({ example: 'Placed', enum: ['Placed', 'StatusChanged'] }) change: string;
  @ApiProperty({ example: 'Processing' }) status: string;
  @ApiProperty({ example: 208.95 }) total: number;
  @ApiProperty({ description: 'The OrderChanged event exactly as recorded' }) event: object;
}

export class OrderAuditResponseDto {
  @ApiProperty({ example: '7d3f2a9c-1b4e-4c6d-8e5f-0a1b2c3d4e5f' }) orderId: string;
  @ApiProperty({ type: [AuditedVersionDto] }) versions: AuditedVersionDto[];
}
