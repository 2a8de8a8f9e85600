import { ADDRESS_TYPES, CARD_TYPES, CUSTOMER_TIERS, CustomerTier } from '@app/contracts';
import { enumOrNull, Optional } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsEmail, IsIn, IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class PersonNameDto {
  @ApiPropertyOptional({ example: 'Ms', maxLength: 20 }) @Optional() @IsString() @MaxLength(20) title?: string;
  @ApiProperty({ example: 'Eleanor', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) firstName: string;
  @ApiPropertyOptional({ maxLength: 100 }) @Optional() @IsString() @MaxLength(100) middleName?: string;
  @ApiProperty({ example: 'Whitfield', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) lastName: string;
  @ApiPropertyOptional({ maxLength: 20 }) @Optional() @IsString() @MaxLength(20) suffix?: string;
}

export class ContactDto {
  @ApiPropertyOptional({ example: '+44 117 496 0123', maxLength: 30 }) @Optional() @IsString() @MaxLength(30) primaryPhone?: string;
  @ApiPropertyOptional({ maxLength: 30 }) @Optional() @IsString() @MaxLength(30) secondaryPhone?: string;
  @ApiPropertyOptional({ example: 'eleanor.whitfield@example.com', maxLength: 254 }) @Optional() @IsEmail() @MaxLength(254) email?: string;
}

export class AddressDto {
  @ApiProperty({ enum: ADDRESS_TYPES, example: 'SHIPPING' }) @IsIn(ADDRESS_TYPES) type: (typeof ADDRESS_TYPES)[number];
  @ApiPropertyOptional({ example: 'home', maxLength: 100 }) @Optional() @IsString() @MaxLength(100) description?: string;
  @ApiProperty({ example: '14 Clifton Vale', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) address1: string;
  @ApiPropertyOptional({ maxLength: 200 }) @Optional() @IsString() @MaxLength(200) address2?: string;
  @ApiProperty({ example: 'Bristol', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) city: string;
  @ApiProperty({ example: 'BRS', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) state: string;
  @ApiProperty({ example: 'BS8 4PE', maxLength: 20 }) @IsString() @MinLength(1) @MaxLength(20) postalCode: string;
}

export class CreditCardDto {
  @ApiProperty({ enum: CARD_TYPES, example: 'PRIMARY' }) @IsIn(CARD_TYPES) type: (typeof CARD_TYPES)[number];
  @ApiPropertyOptional({ example: 'personal', maxLength: 100 }) @Optional() @IsString() @MaxLength(100) description?: string;
  @ApiProperty({ description: 'Full card number: checked (format, Luhn, expiry), then only brand and last four digits are kept. The native routes refuse an expired or Luhn-failing card (400 CUSTOMER.CARD_INVALID); POST /accounts/customer/create keeps it with `flags`', example: '4111 1111 1111 1111', maxLength: 25 })
  @IsString()
  @MaxLength(25)
  number: string;
  @ApiProperty({ example: '12/2030', description: 'M/YY, MM/YY or MM/YYYY (kept as MM/YYYY)', maxLength: 7 }) @IsString() @MaxLength(7) expiration: string;
  @ApiProperty({ example: 'E WHITFIELD', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) nameOnCard: string;
}

/** The original design's customer document, as accepted by PUT /customers/{id}. */
export class CustomerDocumentDto {
  @ApiProperty({ type: PersonNameDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name: PersonNameDto;
  @ApiPropertyOptional({ type: ContactDto }) @Optional() @IsObject() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  @ApiProperty({ type: [AddressDto] }) @IsDefined() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => AddressDto) addresses: AddressDto[];
  @ApiProperty({ type: [CreditCardDto] }) @IsDefined() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => CreditCardDto) creditCards: CreditCardDto[];
  @ApiPropertyOptional({ enum: enumOrNull(CUSTOMER_TIERS), default: 'Bronze', example: 'Gold' }) @Optional() @IsIn(CUSTOMER_TIERS) tier?: CustomerTier;
}
