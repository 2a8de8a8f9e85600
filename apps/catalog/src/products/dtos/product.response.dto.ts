import { SEEDED } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';

export class ProductResponseDto {
  @ApiProperty({ example: SEEDED.productId }) productId: string;
  @ApiProperty({ example: 1, description: 'Aggregate version; also the ETag' }) version: number;
  @ApiProperty({ example: 'Conical Burr Coffee Grinder' }) name: string;
  @ApiProperty({ example: 'Stainless steel conical burrs, 40 grind settings from espresso to cold brew.' }) description: string;
  @ApiProperty({ example: 129 }) price: number;
  @ApiProperty({ example: 30 }) stock: number;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) updatedAt: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductResponseDto] }) items: ProductResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 10 }) total: number;
}
