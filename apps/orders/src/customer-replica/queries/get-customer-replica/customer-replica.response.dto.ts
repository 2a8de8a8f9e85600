import { SEEDED } from '@app/platform';
import { CUSTOMER_TIERS, CustomerTier } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AddressResponseDto } from '../../../orders/dtos/order.response.dto';

export class CustomerReplicaResponseDto {
  @ApiProperty({ example: SEEDED.customerId }) customerId: string;
  @ApiProperty({ example: 1, description: 'The customer version this copy reflects' }) version: number;
  @ApiProperty({ example: 'Ms Eleanor Whitfield' }) displayName: string;
  @ApiProperty({ example: 'Gold', enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ type: AddressResponseDto, nullable: true }) shippingAddress: AddressResponseDto | null;
}
