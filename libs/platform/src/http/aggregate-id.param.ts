import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SEEDED } from './seed-examples';

/** Ids chosen by clients (customers, products): safe in URLs, Kafka keys and document ids. */
export const AGGREGATE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const AGGREGATE_ID_MESSAGE = 'must be 1-64 letters, digits or _.:- starting with a letter or digit';

export class AggregateIdParam {
  @ApiProperty({ pattern: AGGREGATE_ID_PATTERN.source, maxLength: 64 })
  @Matches(AGGREGATE_ID_PATTERN, { message: `id ${AGGREGATE_ID_MESSAGE}` })
  id: string;
}

/** `:customerId` in a path, with the same rule as every client-chosen id. */
export class CustomerIdParam {
  @ApiProperty({ example: SEEDED.customerId })
  @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` })
  customerId: string;
}

/** `:productId` in a path, with the same rule as every client-chosen id. */
export class ProductIdParam {
  @ApiProperty({ example: SEEDED.productId })
  @Matches(AGGREGATE_ID_PATTERN, { message: `productId ${AGGREGATE_ID_MESSAGE}` })
  productId: string;
}
