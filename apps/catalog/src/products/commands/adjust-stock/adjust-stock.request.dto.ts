import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, NotEquals } from 'class-validator';

export class AdjustStockRequestDto {
  @ApiProperty({ type: 'integer', minimum: -10_000_000, maximum: 10_000_000, not: { enum: [0] }, example: -3, description: 'Signed change, not 0; the result may not go below zero (409)' })
  @IsInt()
  @NotEquals(0)
  @Min(-10_000_000)
  @Max(10_000_000)
  delta: number;
}
