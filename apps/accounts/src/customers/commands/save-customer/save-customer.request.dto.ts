import { Transform } from 'class-transformer';
import { IsDefined, IsString, Matches, ValidateIf } from 'class-validator';
import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN, IdString, Optional, SEEDED } from '@app/platform';
import { CustomerDocumentDto } from '../../dtos/customer-document.dto';
import { CustomerErrors } from '../../domain/customer.errors';

export class SaveCustomerRequestDto extends CustomerDocumentDto {
  @IdString({ example: SEEDED.customerId, required: false, description: 'Optional; must equal the path id when given.' })
  @Optional()
  @IsString()
  @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` })
  customerId?: string;
}

/** The original design's body: the id inside, as `id` (its samples send a number) or `customerId`. */
export class CompatCreateCustomerDto extends CustomerDocumentDto {
  @IdString({ example: 123456, required: false, description: "The original design's name for the customer id." })
  @Optional()
  @IsString()
  @Matches(AGGREGATE_ID_PATTERN, { message: `id ${AGGREGATE_ID_MESSAGE}` })
  id?: string;

  // Not @Optional(): it is required when id is not given. A null still reads as not given, as everywhere.
  @IdString({ example: SEEDED.customerId, required: false, nullable: true, description: 'The customer id; required unless id is given (if both are, they must be equal).' })
  @Transform(({ value }: { value: unknown }) => (value === null ? undefined : value))
  @ValidateIf((o: CompatCreateCustomerDto) => o.id === undefined || o.customerId !== undefined)
  @IsDefined({ message: 'customerId (or id) is required' })
  @IsString()
  @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` })
  customerId?: string;
}

/** The customer id a compatibility request names, and the document without it. */
export function compatCustomer(body: CompatCreateCustomerDto): { customerId: string; document: CustomerDocumentDto } {
  const { id, customerId, ...document } = body;
  if (id !== undefined && customerId !== undefined && id !== customerId) throw CustomerErrors.idsDiffer();
  // Validation requires one of them; the empty string is unreachable (it fails the id pattern).
  return { customerId: customerId ?? id ?? '', document };
}
