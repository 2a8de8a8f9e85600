import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { AddReviewHandler } from './commands/add-review/add-review.handler';
import { AddReviewHttpController } from './commands/add-review/add-review.http.controller';
import { ReviewRepository } from './database/review.repository';
import { ListAllReviewsHttpController } from './queries/list-all-reviews/list-all-reviews.http.controller';
import { ListReviewsHttpController } from './queries/list-reviews/list-reviews.http.controller';

/** Product reviews. */
@Module({
  imports: [ProductsModule],
  controllers: [AddReviewHttpController, ListReviewsHttpController, ListAllReviewsHttpController],
  providers: [AddReviewHandler, ReviewRepository],
})
export class ReviewsModule {}
