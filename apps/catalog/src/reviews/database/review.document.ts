import { OutboxFields } from '@app/outbox';
import { Review } from '../domain/review.types';

export const REVIEWS_COLLECTION = 'reviews';

export type ReviewDocument = Omit<Review, 'reviewId'> & OutboxFields & { _id: string; version: number };
