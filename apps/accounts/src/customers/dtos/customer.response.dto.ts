import { SEEDED } from '@app/platform';
import { CARD_FLAGS, CardFlag, CUSTOMER_TIERS, CustomerTier, MaskedCard } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AddressDto, ContactDto, PersonNameDto } from './customer-document.dto';

export class MaskedCardDto {
  @ApiProperty({ example: 'PRIMARY', enum: ['PRIMARY', 'ALTERNATE'] }) type: MaskedCard['type'];
  @ApiProperty({ example: 'personal', required: false }) description?: string;
  @ApiProperty({ example: 'VISA' }) brand: string;
  @ApiProperty({ example: '1111' }) last4: string;
  @ApiProperty({ example: '12/2030' }) expiration: string;
  @ApiProperty({ example: 'E WHITFIELD' }) nameOnCard: string;
  @ApiProperty({
    required: false,
    enum: CARD_FLAGS,
    isArray: true,
    description: 'Only on a card kept by POST /accounts/customer/create that the native routes would refuse: EXPIRED, CHECK_DIGIT_FAILED (Luhn)',
  })
  flags?: CardFlag[];
}

export class CustomerResponseDto {
  @ApiProperty({ example: SEEDED.customerId }) customerId: string;
  @ApiProperty({ description: 'Aggregate version; also the ETag', example: 1 }) version: number;
  @ApiProperty({ type: PersonNameDto }) name: PersonNameDto;
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
  @ApiProperty({ type: [AddressDto] }) addresses: AddressDto[];
  @ApiProperty({ type: [MaskedCardDto] }) creditCards: MaskedCardDto[];
  @ApiProperty({ example: 'Gold', enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) updatedAt: string;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerResponseDto] }) items: CustomerResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 5 }) total: number;
}
