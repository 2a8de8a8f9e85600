import { SEEDED } from '@app/platform';
import { ADDRESS_TYPES, ORDER_STATUSES, OrderStatus } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AddressResponseDto {
  @ApiProperty({ example: 'SHIPPING', enum: ADDRESS_TYPES }) type: (typeof ADDRESS_TYPES)[number];
  @ApiPropertyOptional({ example: 'home' }) description?: string;
  @ApiProperty({ example: '14 Clifton Vale' }) address1: string;
  @ApiPropertyOptional() address2?: string;
  @ApiProperty({ example: 'Bristol' }) city: string;
  @ApiProperty({ example: 'BRS' }) state: string;
  @ApiProperty({ example: 'BS8 4PE' }) postalCode: string;
}

export class OrderItemResponseDto {
  @ApiProperty({ example: SEEDED.productId }) productId: string;
  @ApiProperty({ example: 1 }) quantity: number;
  @ApiProperty({ example: 129 }) unitPrice: number;
}

export class OrderResponseDto {
  @ApiProperty({ example: '7d3f2a9c-1b4e-4c6d-8e5f-0a1b2c3d4e5f' }) orderId: string;
  @ApiProperty({ example: 1, description: 'Aggregate version; also the ETag' }) version: number;
  @ApiProperty({ example: SEEDED.customerId }) customerId: string;
  @ApiProperty({ example: 'Ms Eleanor Whitfield' }) customerName: string;
  @ApiProperty({ example: 'Processing', enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderItemResponseDto] }) items: OrderItemResponseDto[];
  @ApiProperty({ example: 129 }) total: number;
  @ApiProperty({ type: AddressResponseDto, description: "Copied from the customer's SHIPPING address when the order was placed" })
  shippingAddress: AddressResponseDto;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) placedAt: string;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderResponseDto] }) items: OrderResponseDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 11 }) total: number;
}
