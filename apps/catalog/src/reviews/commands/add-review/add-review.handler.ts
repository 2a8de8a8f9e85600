import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '@app/core';
import { envelope, REVIEW_ADDED, REVIEW_ADDED_VERSION, Topic } from '@app/contracts';
import { CommandWriter } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { ProductRepository } from '../../../products/database/product.repository';
import { ProductErrors } from '../../../products/domain/product.errors';
import { REVIEWS_COLLECTION } from '../../database/review.document';
import { ReviewMapper } from '../../database/review.mapper';
import { Review } from '../../domain/review.types';

export interface AddReviewCommand {
  productId: string;
  customerId: string;
  rating: number;
  text: string;
}

@Injectable()
export class AddReviewHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly writer: CommandWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** The product hands out the sequence number; a crash before the insert only leaves a gap in it. */
  async execute(cmd: AddReviewCommand, correlationId: string): Promise<Review> {
    const seq = await this.products.nextReviewSeq(cmd.productId);
    if (seq === null) throw ProductErrors.notFound(cmd.productId);
    const now = this.clock.now();
    const review: Review = { reviewId: this.ids.next(), seq, ...cmd, createdAt: now.toISOString() };
    const { seq: _seq, ...payload } = review;
    // Reviews never change: one insert holds the review and its ReviewAdded event (a fresh id never conflicts).
    const written = await this.writer.write(
      {
        collection: REVIEWS_COLLECTION,
        document: ReviewMapper.toPersistence(review),
        expectedVersion: null,
        events: [{ topic: Topic.ReviewEvents, build: (meta) => envelope(REVIEW_ADDED, REVIEW_ADDED_VERSION, cmd.productId, seq, payload, meta) }],
      },
      { now, correlationId },
    );
    if (written === 'conflict') throw new Error(`review id ${review.reviewId} already taken`);
    return review;
  }
}
