import { SEEDED } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';

export class LoyaltyResponseDto {
  @ApiProperty({ example: SEEDED.customerId }) customerId: string;
  @ApiProperty({ example: 417.9, description: 'Points balance (two decimals)' }) points: number;
  @ApiProperty({ example: 1, description: 'Orders counted so far' }) awardedOrders: number;
  @ApiProperty({ example: 'Gold', enum: ['Gold', 'Silver', 'Bronze'], required: false, description: 'Tier from the replica, when known' }) tier?: string;
}
