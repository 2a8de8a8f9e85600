import { CUSTOMER_TIERS, CustomerTier } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AddressResponseDto } from '../../../orders/dtos/order.response.dto';

export class CustomerReplicaResponseDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ description: 'The customer version this copy reflects' }) version: number;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ type: AddressResponseDto, nullable: true }) shippingAddress: AddressResponseDto | null;
}
