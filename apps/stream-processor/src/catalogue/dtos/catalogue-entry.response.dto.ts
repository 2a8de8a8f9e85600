import { SEEDED } from '@app/platform';
import { STOCK_LEVELS, StockLevel } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class CatalogueEntryResponseDto {
  @ApiProperty({ example: SEEDED.productId }) productId: string;
  @ApiProperty({ example: 'Conical Burr Coffee Grinder', type: String, nullable: true }) name: string | null;
  @ApiProperty({ example: 'Stainless steel conical burrs, 40 grind settings from espresso to cold brew.', type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 129 }) price: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 30 }) stock: number | null;
  @ApiProperty({ enum: STOCK_LEVELS, nullable: true, example: 'Ok', description: 'Ok, Low (below LOW_STOCK_THRESHOLD) or Critical (below CRITICAL_STOCK_THRESHOLD)' })
  stockLevel: StockLevel | null;
  @ApiProperty({ example: 1, description: 'The product version this entry reflects' }) productVersion: number;
  @ApiProperty({ example: 3 }) reviewCount: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.666666666666667, description: 'Mean rating, exact (ratingSum / reviewCount, unrounded: round for display yourself); null without reviews' }) averageRating: number | null;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z', type: String, nullable: true, description: 'Event time of the newest event applied' }) lastEventAt: string | null;
}

export class CataloguePageDto {
  @ApiProperty({ type: [CatalogueEntryResponseDto] }) items: CatalogueEntryResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 10 }) total: number;
}
