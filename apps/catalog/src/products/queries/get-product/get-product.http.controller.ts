import { AggregateIdParam, ApiParamExample, ApiProblems, etagOf, SEEDED, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductMapper } from '../../database/product.mapper';
import { ProductRepository } from '../../database/product.repository';
import { ProductErrors } from '../../domain/product.errors';
import { ProductResponseDto } from '../../dtos/product.response.dto';

@ApiTags('products')
@Controller('products')
export class GetProductHttpController {
  constructor(private readonly products: ProductRepository) {}

  @Get(':id')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'getProduct', summary: 'One product; ETag carries its version' })
  @ApiOkResponse({ type: ProductResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async get(@Param() { id }: AggregateIdParam, @Res({ passthrough: true }) res: Response): Promise<ProductResponseDto> {
    const product = await this.products.findById(id);
    if (!product) throw ProductErrors.notFound(id);
    res.setHeader('ETag', etagOf(product.version));
    return ProductMapper.toResponse(product);
  }
}
