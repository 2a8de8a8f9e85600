import { DaprClient, StateEntry } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { LoyaltyAccount } from '../domain/loyalty.types';
import { STATE_STORE, StateKey } from './loyalty-state';

/** Balances in the Dapr state store; a write carrying an ETag is refused if someone wrote in between. */
@Injectable()
export class LoyaltyAccountRepository {
  constructor(private readonly dapr: DaprClient) {}

  find(customerId: string): Promise<StateEntry<LoyaltyAccount> | undefined> {
    return this.dapr.getState<LoyaltyAccount>(STATE_STORE, StateKey.account(customerId));
  }

  /** `etag` undefined: last write wins (LOCK_MODE=none). */
  save(account: LoyaltyAccount, etag: string | undefined): Promise<void> {
    return this.dapr.saveState(STATE_STORE, [{ key: StateKey.account(account.customerId), value: account, etag }]);
  }
}
