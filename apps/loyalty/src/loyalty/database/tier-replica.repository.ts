import { CustomerTier } from '@app/contracts';
import { DaprClient, DaprError } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { TierEntry } from '../domain/loyalty.types';
import { ABSENT_ETAG, STATE_STORE, StateKey } from './loyalty-state';

export type TierApplyOutcome = 'applied' | 'stale' | 'conflict';

/** The customers' tiers, from accounts.customer.change; a version only ever replaces an older one. */
@Injectable()
export class TierReplicaRepository {
  constructor(private readonly dapr: DaprClient) {}

  async tierOf(customerId: string): Promise<CustomerTier | undefined> {
    return (await this.dapr.getState<TierEntry>(STATE_STORE, StateKey.tier(customerId)))?.value.tier;
  }

  async apply(customerId: string, entry: TierEntry): Promise<TierApplyOutcome> {
    const current = await this.dapr.getState<TierEntry>(STATE_STORE, StateKey.tier(customerId));
    if (current && current.value.version >= entry.version) return 'stale';
    try {
      // Absent too is checked: two first versions delivered at once must not let the older win.
      await this.dapr.saveState(STATE_STORE, [{ key: StateKey.tier(customerId), value: entry, etag: current?.etag ?? ABSENT_ETAG }]);
      return 'applied';
    } catch (error) {
      if (error instanceof DaprError && error.etagMismatch) return 'conflict';
      throw error;
    }
  }
}
