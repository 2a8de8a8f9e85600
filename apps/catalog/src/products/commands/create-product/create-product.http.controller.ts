import { ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductMapper } from '../../database/product.mapper';
import { ProductResponseDto } from '../../dtos/product.response.dto';
import { SaveProductRequestDto } from '../save-product/save-product.request.dto';
import { CreateProductHandler } from './create-product.handler';

@ApiTags('products')
@Controller('products')
export class CreateProductHttpController {
  constructor(private readonly handler: CreateProductHandler) {}

  @Post()
  @ApiOperation({
    operationId: 'createProduct',
    summary: 'Create a product under an id the server assigns; publishes ProductChanged (Created)',
    description: 'The same document as PUT /products/{id}; the new id is in the body and the Location header, its version in the ETag.',
  })
  @ApiCreatedResponse({ type: ProductResponseDto, headers: { Location: { description: '/products/{productId}', schema: { type: 'string' } } } })
  @ApiProblems({ 400: BODY_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async create(@Body() body: SaveProductRequestDto, @CorrelationId() correlationId: string, @Res({ passthrough: true }) res: Response): Promise<ProductResponseDto> {
    const product = await this.handler.execute(body, correlationId);
    res.status(201).setHeader('ETag', etagOf(product.version));
    res.setHeader('Location', `/products/${encodeURIComponent(product.snapshot.productId)}`);
    return ProductMapper.toResponse(product);
  }
}
