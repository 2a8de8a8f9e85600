import { AggregateIdParam, ApiParamExample, ApiProblems, BODY_PROBLEMS, CorrelationId, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReviewResponseDto } from '../../dtos/review.response.dto';
import { AddReviewHandler } from './add-review.handler';
import { AddProductReviewRequestDto, AddReviewRequestDto } from './add-review.request.dto';

@ApiTags('reviews')
@Controller()
export class AddReviewHttpController {
  constructor(private readonly handler: AddReviewHandler) {}

  @Post('products/:id/reviews')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'reviewProduct', summary: 'Review a product; publishes ReviewAdded to catalog.review.events' })
  @ApiCreatedResponse({ type: ReviewResponseDto })
  @ApiProblems({ 400: BODY_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async add(@Param() { id }: AggregateIdParam, @Body() body: AddReviewRequestDto, @CorrelationId() correlationId: string): Promise<ReviewResponseDto> {
    return this.handler.execute({ productId: id, ...body }, correlationId);
  }

  @Post('reviews')
  @ApiOperation({
    operationId: 'addReview',
    summary: 'Review a product named in the body (the Drasi sample route); publishes ReviewAdded',
    description: 'The same as POST /products/{productId}/reviews.',
  })
  @ApiCreatedResponse({ type: ReviewResponseDto })
  @ApiProblems({ 400: BODY_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async addToNamedProduct(@Body() body: AddProductReviewRequestDto, @CorrelationId() correlationId: string): Promise<ReviewResponseDto> {
    return this.handler.execute(body, correlationId);
  }
}
