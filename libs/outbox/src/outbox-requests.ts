import { TransientError } from '@app/core';
import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { RECORD_BATCH_OVERHEAD_BYTES, recordBytes } from '@app/kafka/producer/record-size';
import { Document } from 'mongodb';
import { Logger } from 'pino';
import { OutboxEntry } from './outbox-entry';
import { Claim } from './outbox-leases';
import { decideOnFailure, PublishTimeoutError } from './publish-failure';
import { PlannedEntry, planRequest, PublishPlan, SetAside } from './publish-plan';

type Id = Document['_id'];

export interface RoundOutcome {
  sent: PlannedEntry<Id>[];
  setAside: SetAside<Id>[];
  /** Why the round stopped early (transient: the next poll goes on). */
  error?: unknown;
}

export interface RequestOptions {
  publishTimeoutMs: number;
  maxBatchBytes: number;
  /** Consumer groups that read back what a dead relay may have sent are named after this. */
  readBackGroupPrefix: string;
}

const keyOf = (entry: OutboxEntry): string => `${entry.topic}\n${entry.key}`;

/**
 * The Kafka side of one relay round: fills a request from the claimed documents, sends it within the
 * publish timeout, and sorts a refusal into retry later, or resend record by record and set aside what
 * Kafka refuses on its own. Touches no database.
 */
export class OutboxRequests {
  /** A request the relay stopped waiting for: nothing new is sent before it settled. */
  private unsettled?: Promise<void>;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly options: RequestOptions,
    private readonly logger: Logger,
  ) {}

  /** Resolves once no earlier request may still land. */
  async settled(): Promise<void> {
    await this.unsettled;
  }

  async publish(claim: Claim): Promise<RoundOutcome> {
    const landed = await this.landedBefore(claim);
    const pending = claim.docs.map((d) => ({ id: d._id, outbox: d.outbox.filter((e) => !landed.some((l) => l.entry === e)) }));
    const placement = await this.publisher.placement(claim.docs.flatMap((d) => d.outbox));
    const plan = planRequest(pending, { maxBatchBytes: this.options.maxBatchBytes, batchOverheadBytes: RECORD_BATCH_OVERHEAD_BYTES, recordBytes, partitionOf: placement });
    if (plan.send.length === 0) return { sent: landed, setAside: plan.setAside };
    // The partition lookup may have waited on an unreachable broker: never send what the lease would not cover.
    if (claim.until.getTime() - Date.now() <= this.options.publishTimeoutMs) {
      return { sent: landed, setAside: [], error: new TransientError('the lease ran short before the request was sent (Kafka metadata slow)') };
    }
    try {
      await this.send(plan.send.map((p) => p.entry));
      return { sent: [...landed, ...plan.send], setAside: plan.setAside };
    } catch (error) {
      const decision = decideOnFailure(error, plan.send.length);
      if (decision.action === 'retry') return { sent: landed, setAside: [], error };
      if (decision.action === 'set-aside') return { sent: landed, setAside: [...plan.setAside, { ...plan.send[0], code: decision.code, reason: decision.reason }] };
      this.logger.warn({ err: error, records: plan.send.length }, 'Kafka refused an outbox request; sending its records one by one');
      return this.oneByOne(plan, claim.until, landed);
    }
  }

  /**
   * The entries of documents taken over from a lease that ran out which are in Kafka already (the
   * relay holding it got them acknowledged, or they landed after its request timed out, and it could
   * not remove them): they count as sent, so no event is published twice.
   */
  private async landedBefore(claim: Claim): Promise<PlannedEntry<Id>[]> {
    if (claim.takenOver.size === 0) return [];
    const suspects = claim.docs.filter((d) => claim.takenOver.has(d._id)).flatMap((d) => d.outbox.map((entry) => ({ documentId: d._id, entry })));
    const since = new Date(Math.min(...[...claim.takenOver.values()].map((t) => t.getTime())));
    const found = await this.publisher.findPublished(suspects.map((s) => s.entry), since, this.options.readBackGroupPrefix);
    const landed = suspects.filter((s) => found.has(s.entry.eventId));
    if (landed.length > 0) this.logger.warn({ documents: claim.takenOver.size, landed: landed.length }, 'outbox entries of an expired lease were in Kafka already; not sending them again');
    return landed;
  }

  /** After a refusal: each record alone, in order, so only the refused one is set aside (with what follows it in its document and key). */
  private async oneByOne(plan: PublishPlan<Id>, leaseUntil: Date, landed: PlannedEntry<Id>[]): Promise<RoundOutcome> {
    const outcome: RoundOutcome = { sent: [...landed], setAside: [...plan.setAside] };
    const stoppedDocs = new Set<Id>();
    const stoppedKeys = new Set<string>();
    for (const item of plan.send) {
      if (stoppedDocs.has(item.documentId) || stoppedKeys.has(keyOf(item.entry))) continue;
      if (leaseUntil.getTime() - Date.now() <= this.options.publishTimeoutMs) break;
      try {
        await this.send([item.entry]);
        outcome.sent.push(item);
      } catch (error) {
        const decision = decideOnFailure(error, 1);
        if (decision.action !== 'set-aside') return { ...outcome, error };
        outcome.setAside.push({ ...item, code: decision.code, reason: decision.reason });
        stoppedDocs.add(item.documentId);
        stoppedKeys.add(keyOf(item.entry));
      }
    }
    return outcome;
  }

  private async send(records: OutboxEntry[]): Promise<void> {
    const sending = this.publisher.publish(records);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishTimeoutError(this.options.publishTimeoutMs)), this.options.publishTimeoutMs);
    });
    try {
      await Promise.race([sending, timeout]);
    } catch (error) {
      if (error instanceof PublishTimeoutError) this.unsettled = sending.then(() => undefined, () => undefined).finally(() => (this.unsettled = undefined));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
