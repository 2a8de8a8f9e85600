import { ApiProperty } from '@nestjs/swagger';

export class ProductResponseDto {
  @ApiProperty({ example: 'prod-1' }) productId: string;
  @ApiProperty({ description: 'Aggregate version; also the ETag' }) version: number;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 9.99 }) price: number;
  @ApiProperty({ example: 25 }) stock: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductResponseDto] }) items: ProductResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
