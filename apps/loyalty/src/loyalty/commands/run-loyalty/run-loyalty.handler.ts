import { AuditKey } from '@app/contracts';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator, nameBasedId } from '@app/core';
import { DaprError } from '@app/dapr';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { LoyaltyConfig } from '../../../loyalty.config';
import { AuditedOrdersReader } from '../../database/audited-orders.reader';
import { LoyaltyAccountRepository } from '../../database/loyalty-account.repository';
import { LoyaltyEventsPublisher } from '../../database/loyalty-events.publisher';
import { ProcessedOrderRepository } from '../../database/processed-order.repository';
import { TierReplicaRepository } from '../../database/tier-replica.repository';
import { belongsToWorker, decideAward, emptyAccount, tierOf } from '../../domain/loyalty.decider';
import { CustomerLock, LOCK_TIMEOUT } from './customer-lock';
import { loyaltyMetrics } from './loyalty-metrics';

export type OrderOutcome = 'awarded' | 'already_counted' | 'no_points' | 'etag_conflict' | 'lock_timeout' | 'failed';

export interface RunSummary {
  runId: string;
  skipped: boolean;
  candidates: number;
  outcomes: Partial<Record<OrderOutcome, number>>;
}

/**
 * One loyalty run: the audited orders this worker owns and has not counted yet, each awarded to its
 * customer by a read-modify-write of the balance under the customer's lock. Orders that fail stay
 * uncounted and come back in the next run. Runs of one worker never overlap.
 */
@Injectable()
export class RunLoyaltyHandler {
  private running = false;

  constructor(
    private readonly audited: AuditedOrdersReader,
    private readonly processed: ProcessedOrderRepository,
    private readonly accounts: LoyaltyAccountRepository,
    private readonly tiers: TierReplicaRepository,
    private readonly events: LoyaltyEventsPublisher,
    private readonly lock: CustomerLock,
    private readonly config: LoyaltyConfig,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(): Promise<RunSummary> {
    const runId = this.ids.next();
    if (this.running) {
      loyaltyMetrics.runs.inc({ outcome: 'skipped_busy' });
      return { runId, skipped: true, candidates: 0, outcomes: {} };
    }
    this.running = true;
    try {
      const summary = await this.run(runId);
      loyaltyMetrics.runs.inc({ outcome: 'completed' });
      if (summary.candidates > 0) this.logger.info(summary, 'loyalty run');
      return summary;
    } catch (error) {
      loyaltyMetrics.runs.inc({ outcome: 'failed' });
      this.logger.warn({ err: error, runId }, 'loyalty run failed; the next run picks up where it stopped');
      throw error;
    } finally {
      this.running = false;
    }
  }

  private async run(runId: string): Promise<RunSummary> {
    const { LOYALTY_WORKERS: workers, LOYALTY_WORKER_INDEX: index } = this.config;
    const mine = (await this.audited.latestVersions()).filter((k) => belongsToWorker(k.orderId, workers, index));
    const open = new Set(await this.processed.unprocessed(mine.map((k) => k.orderId)));
    const candidates = mine.filter((k) => open.has(k.orderId));
    const outcomes: Partial<Record<OrderOutcome, number>> = {};
    for (const key of candidates) {
      const outcome = await this.award(key, runId).catch((error: unknown) => {
        this.logger.warn({ err: error, orderId: key.orderId }, 'loyalty award failed');
        return 'failed' as const;
      });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      loyaltyMetrics.orders.inc({ outcome });
    }
    return { runId, skipped: false, candidates: candidates.length, outcomes };
  }

  private async award(key: AuditKey, runId: string): Promise<OrderOutcome> {
    const order = await this.audited.read(key);
    const result = await this.lock.withLock(order.customerId, async (): Promise<OrderOutcome> => {
      const tier = tierOf(await this.tiers.tierOf(order.customerId), order);
      const stored = await this.accounts.find(order.customerId);
      const account = stored?.value ?? emptyAccount(order.customerId);
      await this.events.publishUnconfirmed(account.customerId, account.pending);
      const decision = decideAward(account, order, tier, { occurredAt: this.clock.now(), correlationId: runId, eventIdFor: nameBasedId });
      if (decision.kind === 'award') {
        try {
          // The lock only keeps workers from colliding: it can expire while daprd retries a slow store
          // (CustomerLock). The ETag is the fence — the write of a holder whose lock ran out is refused,
          // a first account's included (insert-if-absent).
          if (this.lock.enabled) await this.accounts.saveIfUnchanged(decision.account, stored);
          else await this.accounts.overwrite(decision.account);
        } catch (error) {
          if (error instanceof DaprError && error.etagMismatch) return 'etag_conflict';
          throw error;
        }
        await this.events.publish(account.customerId, decision.account.pending);
      }
      await this.processed.mark(order.orderId, this.clock.now());
      return decision.kind === 'award' ? 'awarded' : decision.kind === 'already-counted' ? 'already_counted' : 'no_points';
    });
    return result === LOCK_TIMEOUT ? 'lock_timeout' : result;
  }
}
