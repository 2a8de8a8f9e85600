import { IntegerQuery, MAX_QUERY_INTEGER } from '@app/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { STREAM_OF_TOPIC } from '../../domain/indexed-event';

export const STREAMS = Object.values(STREAM_OF_TOPIC);

export class ReadStreamQueryDto {
  @ApiPropertyOptional({ enum: STREAMS, description: 'Only this stream of the aggregate (an id can have several, e.g. a product and its reviews)' })
  @IsOptional()
  @IsIn(STREAMS)
  stream?: string;

  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_QUERY_INTEGER })
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_QUERY_INTEGER)
  fromVersion = 1;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
