import { Customer } from '../domain/customer.types';
import { CustomerResponseDto } from '../dtos/customer.response.dto';
import { CustomerDocument } from './customer.document';

export const CustomerMapper = {
  toDomain(doc: CustomerDocument): Customer {
    return {
      version: doc.version,
      snapshot: {
        customerId: doc._id,
        name: doc.name,
        contact: doc.contact,
        addresses: doc.addresses,
        creditCards: doc.creditCards,
        tier: doc.tier,
        createdAt: doc.createdAt,
        updatedAt: doc.updatedAt,
      },
    };
  },

  /** The state fields to write; the outbox and lease are managed separately. */
  toPersistence(customer: Customer): Omit<CustomerDocument, 'outbox' | 'outboxLease'> {
    const { customerId, ...rest } = customer.snapshot;
    return { _id: customerId, version: customer.version, ...rest };
  },

  /** Whitelists what leaves the service. */
  toResponse(customer: Customer): CustomerResponseDto {
    const s = customer.snapshot;
    return {
      customerId: s.customerId,
      version: customer.version,
      name: s.name,
      contact: s.contact,
      addresses: s.addresses,
      creditCards: s.creditCards.map((c) => ({ ...c })),
      tier: s.tier,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  },
};
