import { CUSTOMER_TIERS, CustomerTier } from '@app/contracts';
import { DomainError } from '@app/core';
import { enumOrNull, Optional } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, ValidateNested } from 'class-validator';
import { AddressDto, ContactDto, PersonNameDto } from '../../dtos/customer-document.dto';

/** Any of these; each one given replaces the stored field as a whole. Cards change through PUT only. */
export class PatchCustomerRequestDto {
  @ApiPropertyOptional({ enum: enumOrNull(CUSTOMER_TIERS), example: 'Gold' }) @Optional() @IsIn(CUSTOMER_TIERS) tier?: CustomerTier;
  @ApiPropertyOptional({ type: PersonNameDto }) @Optional() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name?: PersonNameDto;
  @ApiPropertyOptional({ type: ContactDto }) @Optional() @IsObject() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  @ApiPropertyOptional({ type: [AddressDto] }) @Optional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => AddressDto) addresses?: AddressDto[];
}

export const PATCH_FIELDS = ['tier', 'name', 'contact', 'addresses'] as const;

/**
 * The validated body, if it names at least one field: a PATCH without a body, with `{}` or with only nulls
 * (a null reads as not given) would change nothing, so it is refused like any other invalid body.
 */
export function requireSomeField(body: PatchCustomerRequestDto): PatchCustomerRequestDto {
  if (PATCH_FIELDS.some((field) => body[field] !== undefined)) return body;
  const message = `give at least one of ${PATCH_FIELDS.join(', ')}`;
  throw new DomainError('Invalid', 'REQUEST.VALIDATION_FAILED', `body: ${message}`, [{ field: 'body', message }]);
}
