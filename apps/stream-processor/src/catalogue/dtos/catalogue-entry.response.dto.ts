import { STOCK_LEVELS, StockLevel } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class CatalogueEntryResponseDto {
  @ApiProperty({ example: 'prod-1' }) productId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 9.99 }) price: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) stock: number | null;
  @ApiProperty({ enum: STOCK_LEVELS, nullable: true, description: 'Ok, Low (below LOW_STOCK_THRESHOLD) or Critical (below CRITICAL_STOCK_THRESHOLD)' })
  stockLevel: StockLevel | null;
  @ApiProperty({ description: 'The product version this entry reflects' }) productVersion: number;
  @ApiProperty() reviewCount: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.333333333333333, description: 'Mean rating, exact (ratingSum / reviewCount, unrounded: round for display yourself); null without reviews' }) averageRating: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Event time of the newest event applied' }) lastEventAt: string | null;
}

export class CataloguePageDto {
  @ApiProperty({ type: [CatalogueEntryResponseDto] }) items: CatalogueEntryResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
