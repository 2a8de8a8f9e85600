import { ADDRESS_TYPES, ORDER_STATUSES, OrderStatus } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AddressResponseDto {
  @ApiProperty({ enum: ADDRESS_TYPES }) type: (typeof ADDRESS_TYPES)[number];
  @ApiPropertyOptional() description?: string;
  @ApiProperty() address1: string;
  @ApiPropertyOptional() address2?: string;
  @ApiProperty() city: string;
  @ApiProperty() state: string;
  @ApiProperty() postalCode: string;
}

export class OrderItemResponseDto {
  @ApiProperty() productId: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPrice: number;
}

export class OrderResponseDto {
  @ApiProperty() orderId: string;
  @ApiProperty({ description: 'Aggregate version; also the ETag' }) version: number;
  @ApiProperty() customerId: string;
  @ApiProperty() customerName: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderItemResponseDto] }) items: OrderItemResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty({ type: AddressResponseDto, description: "Copied from the customer's SHIPPING address when the order was placed" })
  shippingAddress: AddressResponseDto;
  @ApiProperty() placedAt: string;
  @ApiProperty() updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderResponseDto] }) items: OrderResponseDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
