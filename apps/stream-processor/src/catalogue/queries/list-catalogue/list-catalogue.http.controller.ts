import { ApiProblems, PageQueryDto, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueRepository } from '../../database/catalogue.repository';
import { toCatalogueResponse } from '../../dtos/catalogue-entry.mapper';
import { CataloguePageDto } from '../../dtos/catalogue-entry.response.dto';

@ApiTags('catalogue')
@Controller('catalogue')
export class ListCatalogueHttpController {
  constructor(private readonly entries: CatalogueRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listCatalogue', summary: 'The catalogue view: every product with its stock level and review statistics, by id, paged' })
  @ApiOkResponse({ type: CataloguePageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { page, pageSize }: PageQueryDto): Promise<CataloguePageDto> {
    const { items, total } = await this.entries.list((page - 1) * pageSize, pageSize);
    return { items: items.map(toCatalogueResponse), page, pageSize, total };
  }
}
