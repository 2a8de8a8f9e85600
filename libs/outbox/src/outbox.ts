import { Inject, Injectable } from '@nestjs/common';
import { killIfFaultInjected } from './fault-injection';
import { ClaimedDoc } from './outbox-leases';
import { OutboxRelay } from './outbox-relay';
import { OutboxConfig } from './outbox.config';

export const OUTBOX_RELAYS = Symbol('OUTBOX_RELAYS');
export const OUTBOX_RELAY_FACTORY = Symbol('OUTBOX_RELAY_FACTORY');

export type RelayFactory = (collection: string) => OutboxRelay;

/** Tells the relay of a collection what a command just wrote. */
@Injectable()
export class Outbox {
  constructor(
    @Inject(OUTBOX_RELAYS) private readonly relays: Map<string, OutboxRelay>,
    @Inject(OUTBOX_RELAY_FACTORY) private readonly createRelay: RelayFactory,
    private readonly config: OutboxConfig,
  ) {}

  /** Starts publishing one more collection's outbox (e.g. a view switched to a new generation of its collection). */
  async track(collection: string): Promise<void> {
    if (this.relays.has(collection)) return;
    const relay = this.createRelay(collection);
    this.relays.set(collection, relay);
    await relay.start();
  }

  /** Stops the relay of a collection no longer written, after publishing what is still pending in it. */
  async untrack(collection: string): Promise<void> {
    const relay = this.relays.get(collection);
    if (!relay) return;
    await relay.stop();
    await relay.flushPending();
    this.relays.delete(collection);
  }

  /**
   * Called after a write that appended outbox entries to these documents (e.g. a view's flush): the relay
   * claims them by id, without scanning the collection (or the process dies here when the fault switch is on).
   */
  writtenIds(collection: string, ids: Iterable<unknown>): void {
    killIfFaultInjected(this.config.FAULT_KILL_AFTER_DB_WRITE);
    this.relays.get(collection)?.handOffIds(ids);
  }

  /**
   * Called after a command's write with what the document's outbox now holds: the relay publishes it in
   * this process without scanning for it (or the process dies here when the fault switch is on).
   */
  handOff(collection: string, written: ClaimedDoc): void {
    killIfFaultInjected(this.config.FAULT_KILL_AFTER_DB_WRITE);
    this.relays.get(collection)?.handOff(written);
  }
}

