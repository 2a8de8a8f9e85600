import { IntegerQuery, MAX_QUERY_INTEGER } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class MinVersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Wait (bounded) until this version is visible', minimum: 1, maximum: MAX_QUERY_INTEGER })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_QUERY_INTEGER)
  minVersion?: number;
}
