import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, NotEquals } from 'class-validator';

export class AdjustStockRequestDto {
  @ApiProperty({ example: -3, description: 'Signed change; the result may not go below zero (409)' })
  @IsInt()
  @NotEquals(0)
  @Min(-10_000_000)
  @Max(10_000_000)
  delta: number;
}
