import { ApiProblems, PageQueryDto, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReviewRepository } from '../../database/review.repository';
import { ReviewPageDto } from '../../dtos/review.response.dto';

@ApiTags('reviews')
@Controller('reviews')
export class ListAllReviewsHttpController {
  constructor(private readonly reviews: ReviewRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listReviews', summary: 'Every review, newest first, paged (the Drasi sample route)' })
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async list(@Query() { page, pageSize }: PageQueryDto): Promise<ReviewPageDto> {
    const { items, total } = await this.reviews.listAll((page - 1) * pageSize, pageSize);
    return { items, page, pageSize, total };
  }
}
