import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN, IdString, SEEDED } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AddReviewRequestDto {
  @IdString({ example: SEEDED.customerId }) @IsString() @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` }) customerId: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 }) @IsInt() @Min(1) @Max(5) rating: number;
  @ApiProperty({ maxLength: 2000, example: 'Consistent grind, finally no more bitter espresso.' }) @IsString() @MaxLength(2000) text: string;
}

/** POST /reviews (the Drasi sample's route): the product named in the body. */
export class AddProductReviewRequestDto extends AddReviewRequestDto {
  @IdString({ example: SEEDED.productId }) @IsString() @Matches(AGGREGATE_ID_PATTERN, { message: `productId ${AGGREGATE_ID_MESSAGE}` }) productId: string;
}
