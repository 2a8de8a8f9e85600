import { Static, Type } from '@sinclair/typebox';
import { EventEnvelope } from './event-envelope';

/**
 * A review belongs to its product's review stream: the envelope's aggregateId is the product id and
 * aggregateVersion the review's sequence number for that product, so consumers can drop duplicates.
 */
export const ReviewAddedPayloadSchema = Type.Object({
  reviewId: Type.String(),
  productId: Type.String({ maxLength: 64 }),
  customerId: Type.String({ maxLength: 64 }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String({ maxLength: 2000 }),
  createdAt: Type.String(),
});

export type ReviewAddedPayload = Static<typeof ReviewAddedPayloadSchema>;

export const REVIEW_ADDED = 'ReviewAdded' as const;
export const REVIEW_ADDED_VERSION = 1;
export type ReviewAdded = EventEnvelope<typeof REVIEW_ADDED, ReviewAddedPayload>;
