import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class OrderItemDto {
  @ApiProperty({ example: 'prod-1', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: 'productId must be letters, digits or _.:-' })
  productId: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 10000 }) @IsInt() @Min(1) @Max(10_000) quantity: number;

  @ApiPropertyOptional({
    example: 9.99,
    minimum: 0,
    description: "Optional: the price comes from the catalog (the orders service's product replica); if given it must match, else 422 ORDER.PRICE_CHANGED",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000)
  unitPrice?: number;
}

export class PlaceOrderRequestDto {
  @ApiProperty({ example: 'cust-1', maxLength: 64 }) @IsString() @MaxLength(64) customerId: string;

  @ApiProperty({ type: [OrderItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];
}
