import { ApiParam } from '@nestjs/swagger';

/**
 * Ids that `make seed` creates (scripts/seed.mjs): the Swagger examples use them, so "Try it out" answers
 * with data after a seed instead of 404 or 422. test/deploy/openapi.deploy.spec.ts checks every example id.
 */
export const SEEDED = {
  customerId: 'demo-c1',
  /** Stock 30, price 129: well stocked, so the example order and stock change work. */
  productId: 'demo-p01',
  /** Stock 2: its critical-stock alert is open after a seed. */
  criticalProductId: 'demo-p09',
} as const;

/** The example of a path parameter (`:id` by default) in the route's document. */
export const ApiParamExample = (example: string, name = 'id'): MethodDecorator => ApiParam({ name, example });
