import { AggregateIdParam, ApiParamExample, ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, parseIfMatch, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductMapper } from '../../database/product.mapper';
import { decideSaveProduct } from '../../domain/product.decider';
import { ProductResponseDto } from '../../dtos/product.response.dto';
import { ProductWriter } from '../product-writer';
import { SaveProductRequestDto } from './save-product.request.dto';

@ApiTags('products')
@Controller('products')
export class SaveProductHttpController {
  constructor(private readonly writer: ProductWriter) {}

  @Put(':id')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'saveProduct', summary: 'Create (201) or replace (200) a product; publishes ProductChanged' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected version, e.g. "3"; a stale one gets 409 PRODUCT.VERSION_CONFLICT' })
  @ApiOkResponse({ type: ProductResponseDto, description: 'Replaced or unchanged' })
  @ApiCreatedResponse({ type: ProductResponseDto, description: 'Created' })
  @ApiProblems({ 400: [...BODY_PROBLEMS, 'REQUEST.BAD_IF_MATCH'], 409: ['PRODUCT.VERSION_CONFLICT', 'PRODUCT.CONCURRENT_MODIFICATION'], 503: [STORE_UNAVAILABLE] })
  async put(
    @Param() { id }: AggregateIdParam,
    @Body() body: SaveProductRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProductResponseDto> {
    const expectedVersion = parseIfMatch(ifMatch);
    const { product, created } = await this.writer.write(
      id,
      (current, now) => {
        const d = decideSaveProduct({ productId: id, ...body, expectedVersion }, current, now);
        if (!d.ok) throw d.error;
        return d.value;
      },
      correlationId,
      // Without If-Match a PUT mostly creates: insert first, read only if the product exists.
      { pinned: expectedVersion !== undefined, insertFirst: expectedVersion === undefined },
    );
    res.status(created ? 201 : 200).setHeader('ETag', etagOf(product.version));
    return ProductMapper.toResponse(product);
  }
}
