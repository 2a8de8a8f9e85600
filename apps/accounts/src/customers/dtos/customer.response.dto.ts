import { CARD_FLAGS, CardFlag, CUSTOMER_TIERS, CustomerTier, MaskedCard } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AddressDto, ContactDto, PersonNameDto } from './customer-document.dto';

export class MaskedCardDto {
  @ApiProperty({ enum: ['PRIMARY', 'ALTERNATE'] }) type: MaskedCard['type'];
  @ApiProperty({ required: false }) description?: string;
  @ApiProperty({ example: 'VISA' }) brand: string;
  @ApiProperty({ example: '1111' }) last4: string;
  @ApiProperty({ example: '12/2030' }) expiration: string;
  @ApiProperty() nameOnCard: string;
  @ApiProperty({
    required: false,
    enum: CARD_FLAGS,
    isArray: true,
    description: 'Only on a card kept by POST /accounts/customer/create that the native routes would refuse: EXPIRED, CHECK_DIGIT_FAILED (Luhn)',
  })
  flags?: CardFlag[];
}

export class CustomerResponseDto {
  @ApiProperty({ example: 'cust-1' }) customerId: string;
  @ApiProperty({ description: 'Aggregate version; also the ETag', example: 1 }) version: number;
  @ApiProperty({ type: PersonNameDto }) name: PersonNameDto;
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
  @ApiProperty({ type: [AddressDto] }) addresses: AddressDto[];
  @ApiProperty({ type: [MaskedCardDto] }) creditCards: MaskedCardDto[];
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerResponseDto] }) items: CustomerResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
