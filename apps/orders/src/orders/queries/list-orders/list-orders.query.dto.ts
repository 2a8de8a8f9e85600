import { ORDER_STATUSES, OrderStatus } from '@app/contracts';
import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN, PageQueryDto, SEEDED } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: SEEDED.customerId }) @IsOptional() @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` }) customerId?: string;
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
}
