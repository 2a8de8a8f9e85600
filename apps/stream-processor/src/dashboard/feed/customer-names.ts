import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Subject } from 'rxjs';
import { OrderCustomerNamesQuery } from '../database/order-customer-names.query';
import { dashboardMetrics } from './dashboard.metrics';

/** Looked up at once at most; the rest with the next lookup. */
const IDS_PER_LOOKUP = 500;
/** Between two lookups: each may scan the event index. */
const LOOKUP_GAP_MS = 2000;
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * Customer names of the orders the panels show, looked up in the background so that a read of the
 * panels never waits for them: one lookup at a time for all orders without a name, each order looked up
 * again only once the event index has changed. `found` fires when a lookup found new names.
 */
@Injectable()
export class CustomerNames {
  readonly found = new Subject<void>();
  private readonly names = new Map<string, string>();
  /** Looked up, not found; cleared when the event index changes. */
  private readonly unfound = new Set<string>();
  private shown: readonly string[] = [];
  private lookingUp = false;
  /** The event index changed while a lookup ran: what it did not find may be there now. */
  private changedDuringLookup = false;
  private retry?: NodeJS.Timeout;
  private nextLookupAt = 0;

  constructor(
    private readonly query: OrderCustomerNamesQuery,
    private readonly logger: PinoLogger,
  ) {}

  known(): ReadonlyMap<string, string> {
    return this.names;
  }

  /** The orders shown now: the cache keeps only their names, and the others are looked up. */
  show(orderIds: readonly string[]): void {
    this.shown = orderIds;
    const keep = new Set(orderIds);
    for (const id of this.names.keys()) if (!keep.has(id)) this.names.delete(id);
    for (const id of this.unfound) if (!keep.has(id)) this.unfound.delete(id);
    this.lookUp();
  }

  /** The event index flushed: orders not found before may be there now. */
  indexChanged(): void {
    if (this.lookingUp) this.changedDuringLookup = true;
    if (this.unfound.size === 0) return;
    this.unfound.clear();
    this.lookUp();
  }

  stop(): void {
    clearTimeout(this.retry);
    this.found.complete();
  }

  private lookUp(): void {
    if (this.lookingUp || this.retry) return;
    const wanted = this.shown.filter((id) => !this.names.has(id) && !this.unfound.has(id)).slice(0, IDS_PER_LOOKUP);
    if (wanted.length === 0) return;
    const wait = this.nextLookupAt - Date.now();
    if (wait > 0) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.lookUp();
      }, wait);
      return;
    }
    this.lookingUp = true;
    this.changedDuringLookup = false;
    dashboardMetrics.storeReads.inc();
    this.query
      .execute(wanted)
      .then((found) => {
        // Not found by a lookup the index changed under: not remembered as absent, so it is looked up again.
        const settled = !this.changedDuringLookup;
        wanted.forEach((id) => (found.has(id) ? this.names.set(id, found.get(id) ?? '') : settled && this.unfound.add(id)));
        this.nextLookupAt = Date.now() + LOOKUP_GAP_MS;
        if (found.size > 0) this.found.next();
      })
      .catch((error: unknown) => {
        this.nextLookupAt = Date.now() + RETRY_AFTER_FAILURE_MS;
        this.logger.warn({ err: error }, 'dashboard: could not look up customer names; retrying');
      })
      .finally(() => {
        this.lookingUp = false;
        // Orders shown meanwhile, or beyond IDS_PER_LOOKUP.
        this.lookUp();
      });
  }
}
