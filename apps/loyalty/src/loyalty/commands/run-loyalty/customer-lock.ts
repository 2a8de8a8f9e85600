import { ID_GENERATOR, IdGenerator } from '@app/core';
import { DaprClient } from '@app/dapr';
import { Inject, Injectable } from '@nestjs/common';
import { LoyaltyConfig } from '../../../loyalty.config';
import { LOCK_STORE } from '../../database/loyalty-state';

export const LOCK_TIMEOUT = Symbol('LOCK_TIMEOUT');

/**
 * One customer at a time across every worker: a Dapr lock (lock.redis) with an expiry, so a crashed
 * holder frees the customer by itself. LOCK_MODE=none skips it (to show the race it prevents).
 *
 * The expiry cannot be made to outlast the work: inside daprd's retries (dapr/resiliency.yaml: 2 s per
 * attempt, backoff from 200 ms, the breaker opens after 5 failures) one state call can take ~13 s, an award
 * makes up to five calls, and a paused process outlives any TTL. So the lock is an optimisation — workers
 * rarely collide — and correctness rests on the ETag of the account write, which refuses a holder whose
 * lock ran out (LOCK_EXPIRY_SECONDS only bounds how long a crashed holder blocks its customer).
 */
@Injectable()
export class CustomerLock {
  private readonly owner: string;

  constructor(
    private readonly dapr: DaprClient,
    private readonly config: LoyaltyConfig,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    this.owner = `loyalty-${ids.next()}`;
  }

  get enabled(): boolean {
    return this.config.LOCK_MODE === 'lock';
  }

  /** Runs `work` holding the customer's lock; LOCK_TIMEOUT if the lock stayed taken for LOCK_WAIT_MAX_MS. */
  async withLock<T>(customerId: string, work: () => Promise<T>): Promise<T | typeof LOCK_TIMEOUT> {
    if (!this.enabled) return work();
    const resource = `loyalty-customer-${customerId}`;
    if (!(await this.acquire(resource))) return LOCK_TIMEOUT;
    try {
      return await work();
    } finally {
      // False when the lock expired meanwhile: the ETag has then refused this holder's write if another wrote.
      await this.dapr.unlock(LOCK_STORE, resource, this.owner).catch(() => false);
    }
  }

  private async acquire(resource: string): Promise<boolean> {
    const deadline = Date.now() + this.config.LOCK_WAIT_MAX_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      if (await this.dapr.tryLock(LOCK_STORE, resource, this.owner, this.config.LOCK_EXPIRY_SECONDS)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * pause));
    }
  }
}
