import { ApiProblems, ProductIdParam, SEEDED, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OrdersConfig } from '../../../orders.config';
import { readReplica } from '../../../replica/read-replica';
import { MinVersionQueryDto } from '../../../orders/dtos/min-version.query.dto';
import { ProductReplicaRepository } from '../../database/product-replica.repository';

class ProductReplicaResponseDto {
  @ApiProperty({ example: SEEDED.productId }) productId: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: 'Conical Burr Coffee Grinder' }) name: string;
  @ApiProperty({ example: 129 }) price: number;
}

@ApiTags('product replica')
@Controller('product-replicas')
export class GetProductReplicaHttpController {
  constructor(
    private readonly replica: ProductReplicaRepository,
    private readonly config: OrdersConfig,
  ) {}

  @Get(':productId')
  @ApiOperation({ operationId: 'getProductReplica', summary: "The orders service's copy of a product (name, price); ?minVersion=N waits for that version like customer replicas" })
  @ApiOkResponse({ type: ProductReplicaResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['PRODUCT_REPLICA.NOT_FOUND'], 503: ['REPLICA.NOT_CAUGHT_UP', STORE_UNAVAILABLE] })
  async get(@Param() { productId }: ProductIdParam, @Query() { minVersion }: MinVersionQueryDto): Promise<ProductReplicaResponseDto> {
    const { id, ...rest } = await readReplica(this.replica, 'PRODUCT', productId, minVersion, this.config.REPLICA_WAIT_MAX_MS);
    return { productId: id, ...rest };
  }
}
