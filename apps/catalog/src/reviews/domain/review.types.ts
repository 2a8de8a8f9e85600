import { ReviewAddedPayload } from '@app/contracts';

/** A review, numbered within its product's review stream. */
export interface Review extends ReviewAddedPayload {
  seq: number;
}
