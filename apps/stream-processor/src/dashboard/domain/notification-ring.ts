import { StockAlert, StockAlertType, StockLevel } from '@app/contracts';

/** A stock business event as the notifications feed shows it. */
export interface StockNotification {
  eventId: string;
  type: StockAlertType;
  productId: string;
  productName: string | null;
  stock: number;
  previousLevel: StockLevel;
  level: StockLevel;
  occurredAt: string;
}

export const toNotification = (e: StockAlert): StockNotification => ({
  eventId: e.eventId,
  type: e.type,
  productId: e.payload.productId,
  productName: e.payload.productName,
  stock: e.payload.stock,
  previousLevel: e.payload.previousLevel,
  level: e.payload.level,
  occurredAt: e.occurredAt,
});

const newerFirst = (a: StockNotification, b: StockNotification): number =>
  a.occurredAt === b.occurredAt ? a.eventId.localeCompare(b.eventId) : a.occurredAt > b.occurredAt ? -1 : 1;

/**
 * The newest `capacity` notifications, newest first. An event seen again (a re-read after a rebalance,
 * the same event derived by another stream processor) is kept once; one older than all it keeps is dropped.
 */
export class NotificationRing {
  private items: StockNotification[] = [];

  constructor(private readonly capacity: number) {}

  /** True if the notification is new and among the newest. */
  add(n: StockNotification): boolean {
    if (this.items.some((i) => i.eventId === n.eventId)) return false;
    const next = [...this.items, n].sort(newerFirst).slice(0, this.capacity);
    if (!next.includes(n)) return false;
    this.items = next;
    return true;
  }

  list(): readonly StockNotification[] {
    return this.items;
  }
}
