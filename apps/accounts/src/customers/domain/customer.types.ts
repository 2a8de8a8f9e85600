import { Address, Contact, CustomerSnapshot, CustomerTier, PersonName } from '@app/contracts';
import { CardInput, CardPolicy } from './credit-card.value-object';

/** Create or replace a customer (PUT semantics: the document given is the whole new state). */
export interface SaveCustomerCommand {
  customerId: string;
  name: PersonName;
  contact: Contact;
  addresses: Address[];
  creditCards: CardInput[];
  tier?: CustomerTier;
  /** From If-Match; undefined means last write wins. */
  expectedVersion?: number;
  /** Expired or Luhn-failing cards: refused (default) or kept with flags (the compatibility route). */
  cardPolicy?: CardPolicy;
}

/**
 * A partial update (PATCH): each field given replaces the stored one, the rest stays. Cards are not
 * patchable: the stored ones are masked, so changing them needs the full numbers (PUT).
 */
export interface PatchCustomerCommand {
  customerId: string;
  name?: PersonName;
  contact?: Contact;
  addresses?: Address[];
  tier?: CustomerTier;
  expectedVersion?: number;
}

/** The stored aggregate: current snapshot and its version. */
export interface Customer {
  snapshot: CustomerSnapshot;
  version: number;
}

export type SaveDecision =
  | { kind: 'unchanged'; customer: Customer }
  | { kind: 'changed'; change: 'Created' | 'Replaced'; customer: Customer };
