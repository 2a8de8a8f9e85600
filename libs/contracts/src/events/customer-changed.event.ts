import { Static, Type } from '@sinclair/typebox';
import { EventEnvelope } from './event-envelope';

export const CUSTOMER_TIERS = ['Gold', 'Silver', 'Bronze'] as const;
export const ADDRESS_TYPES = ['BILLING', 'SHIPPING'] as const;
export const CARD_TYPES = ['PRIMARY', 'ALTERNATE'] as const;
/** Why a card kept by the compatibility route would have been refused by the native routes. */
export const CARD_FLAGS = ['EXPIRED', 'CHECK_DIGIT_FAILED'] as const;

const Str = Type.String({ maxLength: 200 });
const OptStr = Type.Optional(Str);

export const PersonNameSchema = Type.Object({
  title: OptStr,
  firstName: Str,
  middleName: OptStr,
  lastName: Str,
  suffix: OptStr,
});

export const ContactSchema = Type.Object({
  primaryPhone: OptStr,
  secondaryPhone: OptStr,
  email: OptStr,
});

export const AddressSchema = Type.Object({
  type: Type.Union(ADDRESS_TYPES.map((t) => Type.Literal(t))),
  description: OptStr,
  address1: Str,
  address2: OptStr,
  city: Str,
  state: Str,
  postalCode: Str,
});

/** A card as it may be kept and published: never the full number. */
export const MaskedCardSchema = Type.Object({
  type: Type.Union(CARD_TYPES.map((t) => Type.Literal(t))),
  description: OptStr,
  brand: Str,
  last4: Type.String({ pattern: '^[0-9]{4}$' }),
  expiration: Type.String({ pattern: '^(0[1-9]|1[0-2])/[0-9]{4}$' }),
  nameOnCard: Str,
  /** Absent on a card that passed every check; an optional field, so v2 consumers read it unchanged. */
  flags: Type.Optional(Type.Array(Type.Union(CARD_FLAGS.map((f) => Type.Literal(f))), { maxItems: CARD_FLAGS.length })),
});

export const CustomerSnapshotSchema = Type.Object({
  customerId: Str,
  name: PersonNameSchema,
  contact: ContactSchema,
  addresses: Type.Array(AddressSchema),
  creditCards: Type.Array(MaskedCardSchema),
  tier: Type.Union(CUSTOMER_TIERS.map((t) => Type.Literal(t))),
  createdAt: Str,
  updatedAt: Str,
});

export const CustomerChangedPayloadSchema = Type.Object({
  change: Type.Union([Type.Literal('Created'), Type.Literal('Replaced')]),
  customer: CustomerSnapshotSchema,
});

export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type PersonName = Static<typeof PersonNameSchema>;
export type Contact = Static<typeof ContactSchema>;
export type Address = Static<typeof AddressSchema>;
export type MaskedCard = Static<typeof MaskedCardSchema>;
export type CardFlag = (typeof CARD_FLAGS)[number];
export type CustomerSnapshot = Static<typeof CustomerSnapshotSchema>;
export type CustomerChangedPayload = Static<typeof CustomerChangedPayloadSchema>;

export const CUSTOMER_CHANGED = 'CustomerChanged' as const;
/** v2: `customer.addresses[]`; v1 events are upcast on read (see upcasters/). */
export const CUSTOMER_CHANGED_VERSION = 2;
export type CustomerChanged = EventEnvelope<typeof CUSTOMER_CHANGED, CustomerChangedPayload>;
