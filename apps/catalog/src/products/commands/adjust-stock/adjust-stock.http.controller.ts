import { Idempotent, IDEMPOTENCY_PROBLEMS } from '@app/idempotency';
import { AggregateIdParam, ApiParamExample, ApiProblems, BODY_PROBLEMS, CorrelationId, etagOf, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductMapper } from '../../database/product.mapper';
import { decideAdjustStock } from '../../domain/product.decider';
import { ProductErrors } from '../../domain/product.errors';
import { ProductResponseDto } from '../../dtos/product.response.dto';
import { ProductWriter } from '../product-writer';
import { AdjustStockRequestDto } from './adjust-stock.request.dto';

@ApiTags('products')
@Controller('products')
export class AdjustStockHttpController {
  constructor(private readonly writer: ProductWriter) {}

  @Patch(':id/stock')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'adjustStock', summary: 'Add to or take from stock; publishes ProductChanged (StockAdjusted)' })
  @Idempotent()
  @ApiOkResponse({ type: ProductResponseDto })
  @ApiProblems({
    400: [...BODY_PROBLEMS, ...IDEMPOTENCY_PROBLEMS[400]],
    404: ['PRODUCT.NOT_FOUND'],
    409: ['PRODUCT.INSUFFICIENT_STOCK', 'PRODUCT.CONCURRENT_MODIFICATION', ...IDEMPOTENCY_PROBLEMS[409]],
    422: IDEMPOTENCY_PROBLEMS[422],
    503: [STORE_UNAVAILABLE],
  })
  async adjust(
    @Param() { id }: AggregateIdParam,
    @Body() { delta }: AdjustStockRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProductResponseDto> {
    const { product } = await this.writer.write(
      id,
      (current, now) => {
        if (!current) throw ProductErrors.notFound(id);
        const d = decideAdjustStock(current, delta, now);
        if (!d.ok) throw d.error;
        return d.value;
      },
      correlationId,
    );
    res.setHeader('ETag', etagOf(product.version));
    return ProductMapper.toResponse(product);
  }
}
