import { CUSTOMER_TIERS, CustomerTier } from '@app/contracts';
import { Optional } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, ValidateNested } from 'class-validator';
import { AddressDto, ContactDto, PersonNameDto } from '../../dtos/customer-document.dto';

/** Any of these; each one given replaces the stored field as a whole. Cards change through PUT only. */
export class PatchCustomerRequestDto {
  @ApiPropertyOptional({ enum: CUSTOMER_TIERS, example: 'Gold' }) @Optional() @IsIn(CUSTOMER_TIERS) tier?: CustomerTier;
  @ApiPropertyOptional({ type: PersonNameDto }) @Optional() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name?: PersonNameDto;
  @ApiPropertyOptional({ type: ContactDto }) @Optional() @IsObject() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  @ApiPropertyOptional({ type: [AddressDto] }) @Optional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => AddressDto) addresses?: AddressDto[];
}
