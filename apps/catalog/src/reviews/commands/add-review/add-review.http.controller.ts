import { AggregateIdParam, ApiProblems, BODY_PROBLEMS, CorrelationId, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReviewResponseDto } from '../../dtos/review.response.dto';
import { AddReviewHandler } from './add-review.handler';
import { AddReviewRequestDto } from './add-review.request.dto';

@ApiTags('reviews')
@Controller('products')
export class AddReviewHttpController {
  constructor(private readonly handler: AddReviewHandler) {}

  @Post(':id/reviews')
  @ApiOperation({ summary: 'Review a product; publishes ReviewAdded to catalog.review.events' })
  @ApiCreatedResponse({ type: ReviewResponseDto })
  @ApiProblems({ 400: BODY_PROBLEMS, 404: ['PRODUCT.NOT_FOUND'], 503: [STORE_UNAVAILABLE] })
  async add(@Param() { id }: AggregateIdParam, @Body() body: AddReviewRequestDto, @CorrelationId() correlationId: string): Promise<ReviewResponseDto> {
    return this.handler.execute({ productId: id, ...body }, correlationId);
  }
}
