import { Static, Type } from '@sinclair/typebox';
import { AddressSchema, CustomerChangedPayloadSchema, CustomerSnapshotSchema } from './customer-changed.event';

/** The original design's single address: it had no billing/shipping type, or an optional one. */
export const AddressV1Schema = Type.Object({ ...AddressSchema.properties, type: Type.Optional(AddressSchema.properties.type) });

export const CustomerSnapshotV1Schema = Type.Composite([Type.Omit(CustomerSnapshotSchema, ['addresses']), Type.Object({ address: AddressV1Schema })]);

/**
 * CustomerChanged v1, as found on existing topics: the original single `customer.address`, or already
 * `customer.addresses[]` (accounts published that shape as v1 until v2 was introduced).
 */
export const CustomerChangedV1PayloadSchema = Type.Union([
  Type.Object({ change: CustomerChangedPayloadSchema.properties.change, customer: CustomerSnapshotV1Schema }),
  CustomerChangedPayloadSchema,
]);

export type AddressV1 = Static<typeof AddressV1Schema>;
export type CustomerChangedV1Payload = Static<typeof CustomerChangedV1PayloadSchema>;
