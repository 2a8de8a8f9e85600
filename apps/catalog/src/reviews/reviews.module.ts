import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { AddReviewHandler } from './commands/add-review/add-review.handler';
import { AddReviewHttpController } from './commands/add-review/add-review.http.controller';
import { ReviewRepository } from './database/review.repository';
import { ListReviewsHttpController } from './queries/list-reviews/list-reviews.http.controller';

/** Product reviews. */
@Module({
  imports: [ProductsModule],
  controllers: [AddReviewHttpController, ListReviewsHttpController],
  providers: [AddReviewHandler, ReviewRepository],
})
export class ReviewsModule {}
