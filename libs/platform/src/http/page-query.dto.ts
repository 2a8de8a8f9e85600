import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IntegerQuery } from './integer-query.decorator';

/** The highest page number: far beyond any collection here, and a skip the store can still take. */
export const MAX_PAGE = 1_000_000;

/** `?page=&pageSize=` with bounds; page numbers start at 1. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE })
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 200 })
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 20;
}
