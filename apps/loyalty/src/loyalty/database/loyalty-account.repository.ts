import { DaprClient, StateEntry } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { LoyaltyAccount } from '../domain/loyalty.types';
import { ABSENT_ETAG, STATE_STORE, StateKey } from './loyalty-state';

/** Balances in the Dapr state store. */
@Injectable()
export class LoyaltyAccountRepository {
  constructor(private readonly dapr: DaprClient) {}

  find(customerId: string): Promise<StateEntry<LoyaltyAccount> | undefined> {
    return this.dapr.getState<LoyaltyAccount>(STATE_STORE, StateKey.account(customerId));
  }

  /**
   * Writes the account only if it is still what `read` found — absent included: a first account is
   * inserted only if no one created it meanwhile. Otherwise DaprError.etagMismatch.
   */
  saveIfUnchanged(account: LoyaltyAccount, read: StateEntry<LoyaltyAccount> | undefined): Promise<void> {
    return this.dapr.saveState(STATE_STORE, [{ key: StateKey.account(account.customerId), value: account, etag: read?.etag ?? ABSENT_ETAG }]);
  }

  /** Last write wins (LOCK_MODE=none, to show the lost updates). */
  overwrite(account: LoyaltyAccount): Promise<void> {
    return this.dapr.saveState(STATE_STORE, [{ key: StateKey.account(account.customerId), value: account }]);
  }
}
