import { ApiProblems, PageQueryDto, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProductMapper } from '../../database/product.mapper';
import { ProductRepository } from '../../database/product.repository';
import { ProductPageDto } from '../../dtos/product.response.dto';

@ApiTags('products')
@Controller('products')
export class ListProductsHttpController {
  constructor(private readonly products: ProductRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listProducts', summary: 'Products by id, paged' })
  @ApiOkResponse({ type: ProductPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { page, pageSize }: PageQueryDto): Promise<ProductPageDto> {
    const { items, total } = await this.products.list((page - 1) * pageSize, pageSize);
    return { items: items.map(ProductMapper.toResponse), page, pageSize, total };
  }
}
