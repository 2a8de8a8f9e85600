import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN, Optional } from '@app/platform';
import { CustomerDocumentDto } from '../../dtos/customer-document.dto';

export class SaveCustomerRequestDto extends CustomerDocumentDto {
  @ApiPropertyOptional({ description: 'Optional; must equal the path id when given' })
  @Optional()
  @IsString()
  @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` })
  customerId?: string;
}

export class CompatCreateCustomerDto extends CustomerDocumentDto {
  @ApiProperty({ example: 'cust-1' })
  @IsString()
  @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` })
  customerId: string;
}
