import { CustomerSnapshot } from '@app/contracts';
import { OutboxFields } from '@app/outbox';

export const CUSTOMERS_COLLECTION = 'customers';

/** How a customer is stored: the snapshot (masked cards only), its version and the pending events. */
export type CustomerDocument = Omit<CustomerSnapshot, 'customerId'> & OutboxFields & { _id: string; version: number };
