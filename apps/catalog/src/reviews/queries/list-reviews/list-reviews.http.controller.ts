import { AggregateIdParam, ApiParamExample, ApiProblems, PageQueryDto, SEEDED, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProductRepository } from '../../../products/database/product.repository';
import { ProductErrors } from '../../../products/domain/product.errors';
import { ReviewRepository } from '../../database/review.repository';
import { ReviewPageDto } from '../../dtos/review.response.dto';

@ApiTags('reviews')
@Controller()
export class ListReviewsHttpController {
  constructor(
    private readonly products: ProductRepository,
    private readonly reviews: ReviewRepository,
  ) {}

  @Get('products/:id/reviews')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'listReviewsOfProduct', summary: "A product's reviews in the order they were written" })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async list(@Param() { id }: AggregateIdParam, @Query() query: PageQueryDto): Promise<ReviewPageDto> {
    return this.ofProduct(id, query);
  }

  @Get('reviews/product/:id')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'listProductReviews', summary: "A product's reviews in the order they were written (the Drasi sample route)", description: 'The same as GET /products/{id}/reviews.' })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async listForProduct(@Param() { id }: AggregateIdParam, @Query() query: PageQueryDto): Promise<ReviewPageDto> {
    return this.ofProduct(id, query);
  }

  private async ofProduct(id: string, { page, pageSize }: PageQueryDto): Promise<ReviewPageDto> {
    if (!(await this.products.findById(id))) throw ProductErrors.notFound(id);
    const { items, total } = await this.reviews.listByProduct(id, (page - 1) * pageSize, pageSize);
    return { items, page, pageSize, total };
  }
}
