import { ApiProperty } from '@nestjs/swagger';

export class ReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() productId: string;
  @ApiProperty({ description: "Position in the product's review stream (1, 2, ...)" }) seq: number;
  @ApiProperty() customerId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewResponseDto] }) items: ReviewResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
