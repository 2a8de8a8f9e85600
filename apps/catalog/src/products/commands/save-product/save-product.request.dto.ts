import { IsAmount } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class SaveProductRequestDto {
  @ApiProperty({ example: 'Conical Burr Coffee Grinder', minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'Stainless steel conical burrs, 40 grind settings from espresso to cold brew.', maxLength: 2000 }) @IsString() @MaxLength(2000) description: string;
  @ApiProperty({ example: 129, minimum: 0, maximum: 1_000_000 })
  @IsAmount()
  @Min(0)
  @Max(1_000_000)
  price: number;
  @ApiProperty({ type: 'integer', example: 30, minimum: 0, maximum: 10_000_000 }) @IsInt() @Min(0) @Max(10_000_000) stock: number;
}
