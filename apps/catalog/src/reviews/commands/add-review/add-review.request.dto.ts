import { AGGREGATE_ID_MESSAGE, AGGREGATE_ID_PATTERN } from '@app/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AddReviewRequestDto {
  @ApiProperty({ example: 'cust-1' }) @IsString() @Matches(AGGREGATE_ID_PATTERN, { message: `customerId ${AGGREGATE_ID_MESSAGE}` }) customerId: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 }) @IsInt() @Min(1) @Max(5) rating: number;
  @ApiProperty({ maxLength: 2000, example: 'Computes anything.' }) @IsString() @MaxLength(2000) text: string;
}
