import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class OrderIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
