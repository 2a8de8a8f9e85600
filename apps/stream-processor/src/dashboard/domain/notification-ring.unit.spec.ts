import { NotificationRing, StockNotification } from './notification-ring';

const note = (eventId: string, minute: number): StockNotification => ({
  eventId,
  type: 'LowStock',
  productId: 'p-1',
  productName: 'Loom',
  stock: 15,
  previousLevel: 'Ok',
  level: 'Low',
  occurredAt: new Date(Date.UTC(2026, 4, 1, 10, minute)).toISOString(),
});

describe('notification ring', () => {
  it('keeps the newest, newest first, each event once', () => {
    const ring = new NotificationRing(3);
    expect(ring.add(note('a', 1))).toBe(true);
    expect(ring.add(note('c', 3))).toBe(true);
    expect(ring.add(note('b', 2))).toBe(true);
    expect(ring.add(note('b', 2))).toBe(false);
    expect(ring.add(note('d', 4))).toBe(true);
    expect(ring.list().map((n) => n.eventId)).toEqual(['d', 'c', 'b']);
  });

  it('drops an event older than all it keeps once full (a re-read after a rewind)', () => {
    const ring = new NotificationRing(2);
    ring.add(note('b', 2));
    ring.add(note('c', 3));
    expect(ring.add(note('a', 1))).toBe(false);
    expect(ring.list().map((n) => n.eventId)).toEqual(['c', 'b']);
  });
});
