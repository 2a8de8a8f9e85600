import { Address, Contact, CustomerSnapshot, CustomerTier, PersonName } from '@app/contracts';
import { CardInput } from './credit-card.value-object';

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
}

/** The stored aggregate: current snapshot and its version. */
export interface Customer {
  snapshot: CustomerSnapshot;
  version: number;
}

export type SaveDecision =
  | { kind: 'unchanged'; customer: Customer }
  | { kind: 'changed'; change: 'Created' | 'Replaced'; customer: Customer };
