import { SEEDED } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';

export class ReviewResponseDto {
  @ApiProperty({ example: '0b6a3f1e-52c4-4d8e-9a71-3c2f5e8d9b10', format: 'uuid' }) reviewId: string;
  @ApiProperty({ example: SEEDED.productId }) productId: string;
  @ApiProperty({ example: 1, description: "Position in the product's review stream (1, 2, ...)" }) seq: number;
  @ApiProperty({ example: SEEDED.customerId }) customerId: string;
  @ApiProperty({ example: 5, minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ example: 'Consistent grind, finally no more bitter espresso.' }) text: string;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) createdAt: string;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewResponseDto] }) items: ReviewResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 3 }) total: number;
}
