import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../../orders.config';
import { CustomerView } from '../../orders/domain/order.types';
import { replicaWaitLimits } from '../../replica/version-waits';
import { ReplicaGenerations } from '../../replica/replica-generations';
import { ApplyOutcome, VersionedReplicaRepository } from '../../replica/versioned-replica.repository';

export const CUSTOMER_REPLICA_COLLECTION = 'customer_replica';

type Stored = Omit<CustomerView, 'customerId'> & { id: string };

const toView = (s: Stored | null): CustomerView | null => {
  if (!s) return null;
  const { id, ...rest } = s;
  return { customerId: id, ...rest };
};

/** The customers orders knows about, from accounts.customer.change. */
@Injectable()
export class CustomerReplicaRepository {
  private readonly replica: VersionedReplicaRepository<Stored>;

  constructor(generations: ReplicaGenerations, config: OrdersConfig) {
    this.replica = new VersionedReplicaRepository<Stored>(() => generations.collection('replicas', CUSTOMER_REPLICA_COLLECTION), replicaWaitLimits(config), 'customer');
  }

  apply(view: CustomerView, eventId: string, changedAt: string): Promise<ApplyOutcome> {
    const { customerId, ...rest } = view;
    return this.replica.apply({ id: customerId, ...rest }, eventId, changedAt);
  }

  async findById(customerId: string): Promise<CustomerView | null> {
    return toView(await this.replica.findById(customerId));
  }

  async waitForVersion(customerId: string, minVersion: number, timeoutMs: number): Promise<CustomerView | null> {
    return toView(await this.replica.waitForVersion(customerId, minVersion, timeoutMs));
  }
}
