import { DomainError } from '@app/core';
import { AggregateIdParam, ApiParamExample, ApiProblems, SEEDED, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueRepository } from '../../database/catalogue.repository';
import { toCatalogueResponse } from '../../dtos/catalogue-entry.mapper';
import { CatalogueEntryResponseDto } from '../../dtos/catalogue-entry.response.dto';

@ApiTags('catalogue')
@Controller('catalogue')
export class GetCatalogueEntryHttpController {
  constructor(private readonly entries: CatalogueRepository) {}

  @Get(':id')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'getCatalogueEntry', summary: 'One product of the catalogue view' })
  @ApiOkResponse({ type: CatalogueEntryResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['CATALOGUE.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async get(@Param() { id }: AggregateIdParam): Promise<CatalogueEntryResponseDto> {
    const entry = await this.entries.findById(id);
    if (!entry) throw new DomainError('NotFound', 'CATALOGUE.NOT_FOUND', `the catalogue view has no product ${id}`);
    return toCatalogueResponse(entry);
  }
}
