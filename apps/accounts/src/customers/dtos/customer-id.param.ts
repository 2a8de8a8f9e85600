import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CUSTOMER_ID_PATTERN } from './customer-document.dto';

export class CustomerIdParam {
  @ApiProperty({ example: 'cust-1' })
  @Matches(CUSTOMER_ID_PATTERN, { message: 'id must be 1-64 letters, digits or _.:- starting with a letter or digit' })
  id: string;
}
