import { ORDER_STATUSES, OrderStatus } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class ChangeOrderStatusRequestDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'Shipped', description: 'Processing → Shipped → Delivered, Processing → Cancelled' })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;
}
