import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { STREAM_OF_TOPIC } from '../../events/index-events/event-index.projector';

export const STREAMS = Object.values(STREAM_OF_TOPIC);

export class ReadStreamQueryDto {
  @ApiPropertyOptional({ enum: STREAMS, description: 'Only this stream of the aggregate (an id can have several, e.g. a product and its reviews)' })
  @IsOptional()
  @IsIn(STREAMS)
  stream?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromVersion = 1;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
