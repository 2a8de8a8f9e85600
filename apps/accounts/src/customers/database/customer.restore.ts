import { CustomerChanged, latestByAggregate } from '@app/contracts';
import { CustomerDocument } from './customer.document';
import { CustomerMapper } from './customer.mapper';

/** The customers collection as the event store has it: each customer's latest snapshot, nothing pending. */
export function restoreCustomers(events: Iterable<CustomerChanged>): CustomerDocument[] {
  return latestByAggregate(events).map((e) => ({ ...CustomerMapper.toPersistence({ version: e.aggregateVersion, snapshot: e.payload.customer }), outbox: [] }));
}
