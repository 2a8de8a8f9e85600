import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CUSTOMER_ID_PATTERN, CustomerDocumentDto } from '../../dtos/customer-document.dto';

const ID_MESSAGE = 'must be 1-64 letters, digits or _.:- starting with a letter or digit';

export class SaveCustomerRequestDto extends CustomerDocumentDto {
  @ApiPropertyOptional({ description: 'Optional; must equal the path id when given' })
  @IsOptional()
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, { message: `customerId ${ID_MESSAGE}` })
  customerId?: string;
}

export class CompatCreateCustomerDto extends CustomerDocumentDto {
  @ApiProperty({ example: 'cust-1' })
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, { message: `customerId ${ID_MESSAGE}` })
  customerId: string;
}
