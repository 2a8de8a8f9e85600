import { Review } from '../domain/review.types';
import { ReviewDocument } from './review.document';

export const ReviewMapper = {
  /** A review is written once, at version 1; the outbox is written with it by the command writer. */
  toPersistence(review: Review): Omit<ReviewDocument, 'outbox' | 'outboxLease'> {
    const { reviewId, ...fields } = review;
    return { _id: reviewId, version: 1, ...fields };
  },
};
