import { IdString, IsAmount, Optional, SEEDED } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  isISO8601,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** An RFC 3339 / ISO 8601 date-time with a time zone; `isISO8601` (strict) also refuses impossible dates such as 02-30. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const isDateTime = (value: unknown): boolean => typeof value === 'string' && DATE_TIME.test(value) && isISO8601(value, { strict: true });

export class OrderItemDto {
  @IdString({ example: SEEDED.productId })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: 'productId must be letters, digits or _.:-' })
  productId: string;

  @ApiProperty({ type: 'integer', example: 2, minimum: 1, maximum: 10000 }) @IsInt() @Min(1) @Max(10_000) quantity: number;

  @ApiPropertyOptional({
    example: 129,
    minimum: 0,
    description: "Optional: the price comes from the catalog (the orders service's product replica); if given it must match, else 422 ORDER.PRICE_CHANGED",
  })
  @Optional()
  @IsAmount()
  @Min(0)
  @Max(1_000_000)
  unitPrice?: number;
}

export class PlaceOrderRequestDto {
  @IdString({ example: SEEDED.customerId }) @IsString() @MaxLength(64) customerId: string;

  @ApiProperty({ type: [OrderItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-03-01T09:30:00Z',
    description:
      'Only for importing orders from an earlier system: when the order was really placed (ISO 8601 date-time with a time zone). ' +
      "Becomes the order's placedAt (the OrderChanged event still carries the time of this request as occurredAt). " +
      'It may not be in the future nor more than 366 days in the past (400). Leave it out for a new order: placedAt is then now.',
  })
  @Optional()
  @ValidateBy({
    name: 'isDateTime',
    validator: { validate: isDateTime, defaultMessage: () => 'placedAt must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z' },
  })
  placedAt?: string;
}
