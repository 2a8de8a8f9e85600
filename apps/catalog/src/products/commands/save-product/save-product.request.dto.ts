import { IsAmount } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class SaveProductRequestDto {
  @ApiProperty({ example: 'Analytical Engine', minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'Steam-powered', maxLength: 2000 }) @IsString() @MaxLength(2000) description: string;
  @ApiProperty({ example: 9.99, minimum: 0, maximum: 1_000_000 })
  @IsAmount()
  @Min(0)
  @Max(1_000_000)
  price: number;
  @ApiProperty({ type: 'integer', example: 25, minimum: 0, maximum: 10_000_000 }) @IsInt() @Min(0) @Max(10_000_000) stock: number;
}
