import { ApiProperty } from '@nestjs/swagger';

export class LoyaltyResponseDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ description: 'Points balance (two decimals)' }) points: number;
  @ApiProperty({ description: 'Orders counted so far' }) awardedOrders: number;
  @ApiProperty({ enum: ['Gold', 'Silver', 'Bronze'], required: false, description: 'Tier from the replica, when known' }) tier?: string;
}
