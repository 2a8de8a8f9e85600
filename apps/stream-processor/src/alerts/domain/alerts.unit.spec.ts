import { envelope, ORDER_CHANGED, ORDER_CHANGED_VERSION, OrderChanged, OrderStatus, STOCK_ALERT_VERSION, StockAlert, StockLevel } from '@app/contracts';
import { Alert, closeAlert, newAlert, openAlert, recordPastPeriod, setAlert } from './alert';
import { openIfDue, reconcileAtRisk, reconcileDelayedOnEvent, shortItems } from './order-alerts.policy';
import { applyStockAlert, refreshStock } from './stock-alerts.policy';
import { TrackedOrder, trackOrder } from './tracked-order';

const t = (iso: string): string => new Date(iso).toISOString();
const T1 = t('2026-03-01T10:00:00Z');
const T2 = t('2026-03-01T11:00:00Z');
const T3 = t('2026-03-01T12:00:00Z');
const T4 = t('2026-03-01T13:00:00Z');

describe('alert periods', () => {
  it('starts closed with no history', () => {
    expect(newAlert('low-stock', 'p-1')).toEqual({
      id: 'low-stock:p-1',
      type: 'low-stock',
      subjectId: 'p-1',
      active: false,
      openedAt: null,
      closedAt: null,
      details: {},
      history: [],
      sourceVersion: 0,
    });
  });

  it('open and close keep a history of periods with event times', () => {
    const opened = openAlert(newAlert('low-stock', 'p-1'), T1, { stock: 3 });
    expect(opened).toMatchObject({ active: true, openedAt: T1, closedAt: null, details: { stock: 3 }, history: [{ openedAt: T1, closedAt: null }] });

    const closed = closeAlert(opened, T2);
    expect(closed).toMatchObject({ active: false, openedAt: T1, closedAt: T2, history: [{ openedAt: T1, closedAt: T2 }] });

    const reopened = openAlert(closed, T3, { stock: 1 });
    expect(reopened).toMatchObject({ active: true, openedAt: T3, closedAt: null, details: { stock: 1 } });
    expect(reopened.history).toEqual([
      { openedAt: T1, closedAt: T2 },
      { openedAt: T3, closedAt: null },
    ]);

    expect(closeAlert(reopened, T4).history).toEqual([
      { openedAt: T1, closedAt: T2 },
      { openedAt: T3, closedAt: T4 },
    ]);
    // The input alerts are never mutated.
    expect(opened.history).toEqual([{ openedAt: T1, closedAt: null }]);
  });

  it('opening an open alert with the same details returns the same object', () => {
    const opened = openAlert(newAlert('low-stock', 'p-1'), T1, { stock: 3, level: 'Low' });
    expect(openAlert(opened, T2, { stock: 3, level: 'Low' })).toBe(opened);
  });

  it('opening an open alert with new details only refreshes the details', () => {
    const opened = openAlert(newAlert('low-stock', 'p-1'), T1, { stock: 3 });
    const refreshed = openAlert(opened, T2, { stock: 2 });
    expect(refreshed).not.toBe(opened);
    expect(refreshed).toMatchObject({ active: true, openedAt: T1, details: { stock: 2 }, history: [{ openedAt: T1, closedAt: null }] });
  });

  it('closing a closed alert returns the same object', () => {
    const alert = newAlert('low-stock', 'p-1');
    expect(closeAlert(alert, T1)).toBe(alert);
    const closed = closeAlert(openAlert(alert, T1, {}), T2);
    expect(closeAlert(closed, T3)).toBe(closed);
  });

  it('records a past period once, and never over an open alert', () => {
    const recorded = recordPastPeriod(newAlert('delayed-gold-order', 'o-1'), T1, T2, { customerId: 'c-1' });
    expect(recorded).toMatchObject({ active: false, openedAt: T1, closedAt: T2, details: { customerId: 'c-1' }, history: [{ openedAt: T1, closedAt: T2 }] });
    expect(recordPastPeriod(recorded, T1, T3, { customerId: 'c-1' })).toBe(recorded);

    const open = openAlert(newAlert('delayed-gold-order', 'o-1'), T3, {});
    expect(recordPastPeriod(open, T1, T2, {})).toBe(open);
  });

  it('setAlert opens when on and closes when off', () => {
    const on = setAlert(newAlert('order-at-risk', 'o-1'), true, T1, { x: 1 });
    expect(on).toMatchObject({ active: true, openedAt: T1, details: { x: 1 } });
    const off = setAlert(on, false, T2, { x: 2 });
    expect(off).toMatchObject({ active: false, closedAt: T2, details: { x: 1 }, history: [{ openedAt: T1, closedAt: T2 }] });
  });
});

describe('stock alerts policy', () => {
  const TYPE = { Ok: 'StockRecovered', Low: 'LowStock', Critical: 'CriticalStock' } as const;
  const stockAlert = (version: number, level: StockLevel, stock: number, occurredAt: string): StockAlert =>
    envelope(
      TYPE[level],
      STOCK_ALERT_VERSION,
      'p-1',
      version,
      { productId: 'p-1', productName: 'Gear', stock, previousLevel: 'Ok', level, lowThreshold: 20, criticalThreshold: 5 },
      { eventId: `sa-${version}`, occurredAt: new Date(occurredAt), correlationId: 'corr', causationId: `pc-${version}` },
    );
  const fresh = (): [Alert, Alert] => [newAlert('low-stock', 'p-1'), newAlert('critical-stock', 'p-1')];

  it('a Low event opens the low alert and closes the critical one', () => {
    const [low0, critical0] = fresh();
    const critOpen = { ...openAlert(critical0, T1, {}), sourceVersion: 2 };
    const [low, critical] = applyStockAlert({ ...low0, sourceVersion: 2 }, critOpen, stockAlert(3, 'Low', 12, T2));
    expect(low).toMatchObject({ active: true, openedAt: T2, details: { productName: 'Gear', stock: 12, level: 'Low' }, sourceVersion: 3 });
    expect(critical).toMatchObject({ active: false, closedAt: T2, history: [{ openedAt: T1, closedAt: T2 }], sourceVersion: 3 });
  });

  it('a Critical event opens the critical alert and closes the low one', () => {
    const [low1, critical1] = applyStockAlert(...fresh(), stockAlert(2, 'Low', 12, T1));
    const [low, critical] = applyStockAlert(low1, critical1, stockAlert(3, 'Critical', 2, T2));
    expect(low).toMatchObject({ active: false, closedAt: T2, history: [{ openedAt: T1, closedAt: T2 }], sourceVersion: 3 });
    expect(critical).toMatchObject({ active: true, openedAt: T2, details: { stock: 2, level: 'Critical' }, history: [{ openedAt: T2, closedAt: null }], sourceVersion: 3 });
  });

  it('a StockRecovered (Ok) event closes both', () => {
    const [low1, critical1] = applyStockAlert(...fresh(), stockAlert(2, 'Low', 12, T1));
    const [low2, critical2] = applyStockAlert(low1, critical1, stockAlert(3, 'Critical', 2, T2));
    const [low, critical] = applyStockAlert(low2, critical2, stockAlert(4, 'Ok', 40, T3));
    expect(low).toMatchObject({ active: false, history: [{ openedAt: T1, closedAt: T2 }], sourceVersion: 4 });
    expect(critical).toMatchObject({ active: false, closedAt: T3, history: [{ openedAt: T2, closedAt: T3 }], sourceVersion: 4 });
  });

  it('a closed alert shows the same stock whether the product change came before or after its closing event (replay order)', () => {
    const [low1, critical1] = applyStockAlert(...fresh(), stockAlert(2, 'Low', 12, T1));
    const productFirst = applyStockAlert(refreshStock(low1, 3, 40), critical1, stockAlert(3, 'Ok', 40, T2))[0];
    const alertFirst = refreshStock(applyStockAlert(low1, critical1, stockAlert(3, 'Ok', 40, T2))[0], 3, 40);
    expect(alertFirst).toEqual(productFirst);
    expect(alertFirst).toMatchObject({ active: false, details: { stock: 40, productVersion: 3 } });
  });

  it('ignores an event whose aggregateVersion is not newer', () => {
    const [low, critical] = applyStockAlert(...fresh(), stockAlert(5, 'Critical', 1, T2));
    for (const stale of [stockAlert(5, 'Ok', 40, T3), stockAlert(4, 'Low', 10, T3), stockAlert(1, 'Ok', 40, T1)]) {
      const [l, c] = applyStockAlert(low, critical, stale);
      expect(l).toBe(low);
      expect(c).toBe(critical);
    }
    expect(critical).toMatchObject({ active: true, openedAt: T2 });
  });
});

const DELAY_MS = 30 * 60_000;
const PLACED_AT = t('2026-03-01T10:00:00Z');
const DUE_AT = t('2026-03-01T10:30:00Z');
const address = { type: 'SHIPPING' as const, address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' };
const defaultItems = [
  { productId: 'p-1', quantity: 3, unitPrice: 1 },
  { productId: 'p-2', quantity: 1, unitPrice: 2 },
];

interface OrderEventOpts {
  version?: number;
  status?: OrderStatus;
  previousStatus?: OrderStatus;
  tier?: string;
  occurredAt?: string;
  items?: { productId: string; quantity: number; unitPrice: number }[];
}

function orderChanged(opts: OrderEventOpts = {}): OrderChanged {
  const version = opts.version ?? 1;
  const status = opts.status ?? 'Processing';
  const occurredAt = opts.occurredAt ?? PLACED_AT;
  const items = opts.items ?? defaultItems;
  return envelope(
    ORDER_CHANGED,
    ORDER_CHANGED_VERSION,
    'o-1',
    version,
    {
      change: version === 1 ? 'Placed' : 'StatusChanged',
      ...(opts.previousStatus ? { previousStatus: opts.previousStatus } : {}),
      order: {
        orderId: 'o-1',
        customerId: 'c-1',
        customerName: 'Ada Lovelace',
        customerTier: opts.tier ?? 'Gold',
        status,
        items,
        total: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
        shippingAddress: address,
        placedAt: PLACED_AT,
        updatedAt: occurredAt,
      },
    },
    { eventId: `oc-${version}`, occurredAt: new Date(occurredAt), correlationId: 'corr-o-1' },
  );
}

function tracked(event: OrderChanged, current?: TrackedOrder): TrackedOrder {
  const order = trackOrder(current, event, 2, DELAY_MS);
  if (!order) throw new Error('event was not newer than the tracked order');
  return order;
}

const placedGold = (): TrackedOrder => tracked(orderChanged());
const shippedEvent = (occurredAt: string): OrderChanged => orderChanged({ version: 2, status: 'Shipped', previousStatus: 'Processing', occurredAt });

describe('tracked orders', () => {
  it('tracks a placed Gold order with its due time and a pending timer', () => {
    expect(placedGold()).toEqual({
      orderId: 'o-1',
      version: 1,
      status: 'Processing',
      customerId: 'c-1',
      customerTier: 'Gold',
      placedAt: PLACED_AT,
      items: [
        { productId: 'p-1', quantity: 3 },
        { productId: 'p-2', quantity: 1 },
      ],
      productIds: ['p-1', 'p-2'],
      dueAt: DUE_AT,
      timerPending: true,
      partition: 2,
    });
  });

  it('lists each product once', () => {
    const order = tracked(
      orderChanged({
        items: [
          { productId: 'p-1', quantity: 1, unitPrice: 1 },
          { productId: 'p-1', quantity: 2, unitPrice: 1 },
        ],
      }),
    );
    expect(order.productIds).toEqual(['p-1']);
    expect(order.items).toHaveLength(2);
  });

  it.each(['Silver', 'Bronze'])('a %s order has no due time and no timer', (tier) => {
    expect(tracked(orderChanged({ tier }))).toMatchObject({ customerTier: tier, dueAt: null, timerPending: false });
  });

  it('a Gold order out of Processing keeps its due time but has no timer pending', () => {
    const shipped = tracked(shippedEvent(T3), placedGold());
    expect(shipped).toMatchObject({ version: 2, status: 'Shipped', dueAt: DUE_AT, timerPending: false });
  });

  it('ignores a stale or repeated version', () => {
    const shipped = tracked(shippedEvent(T3), placedGold());
    expect(trackOrder(shipped, orderChanged(), 2, DELAY_MS)).toBeNull();
    expect(trackOrder(shipped, shippedEvent(T3), 2, DELAY_MS)).toBeNull();
    expect(trackOrder(shipped, orderChanged({ version: 3, status: 'Delivered', previousStatus: 'Shipped', occurredAt: T4 }), 2, DELAY_MS)).toMatchObject({ version: 3, status: 'Delivered' });
  });
});

describe('order at risk', () => {
  const stock = new Map([
    ['p-1', 2],
    ['p-2', 5],
  ]);

  it('lists only the items of a Processing order that ask for more than the stock', () => {
    expect(shortItems(placedGold(), stock)).toEqual([{ productId: 'p-1', quantity: 3, stock: 2 }]);
    expect(shortItems(placedGold(), new Map([['p-1', 3]]))).toEqual([]);
  });

  it('does not judge an item whose stock is unknown', () => {
    expect(shortItems(placedGold(), new Map([['p-2', 0]]))).toEqual([{ productId: 'p-2', quantity: 1, stock: 0 }]);
    expect(shortItems(placedGold(), new Map())).toEqual([]);
  });

  it.each(['Shipped', 'Delivered', 'Cancelled'] as const)('does not judge a %s order', (status) => {
    const order = { ...placedGold(), status };
    expect(shortItems(order, new Map([['p-1', 0]]))).toEqual([]);
  });

  it('opens while an item is short and closes when the stock is back', () => {
    const order = placedGold();
    const opened = reconcileAtRisk(newAlert('order-at-risk', 'o-1'), order, stock, T1);
    expect(opened).toMatchObject({ active: true, openedAt: T1, details: { customerId: 'c-1', shortItems: [{ productId: 'p-1', quantity: 3, stock: 2 }] } });
    expect(reconcileAtRisk(opened, order, stock, T2)).toBe(opened);

    const closed = reconcileAtRisk(opened, order, new Map([['p-1', 10]]), T2);
    expect(closed).toMatchObject({ active: false, closedAt: T2, history: [{ openedAt: T1, closedAt: T2 }] });
  });

  it('closes when the order leaves Processing', () => {
    const opened = reconcileAtRisk(newAlert('order-at-risk', 'o-1'), placedGold(), stock, T1);
    const shipped = tracked(shippedEvent(T3), placedGold());
    expect(reconcileAtRisk(opened, shipped, stock, T3)).toMatchObject({ active: false, closedAt: T3 });
  });

  it('leaves an alert closed while nothing is short', () => {
    const alert = newAlert('order-at-risk', 'o-1');
    expect(reconcileAtRisk(alert, placedGold(), new Map([['p-1', 100]]), T1)).toBe(alert);
  });
});

describe('delayed Gold orders', () => {
  const delayed = (): Alert => newAlert('delayed-gold-order', 'o-1');
  const details = { customerId: 'c-1', placedAt: PLACED_AT, dueAt: DUE_AT };

  it('the timer does nothing before the due time', () => {
    const alert = delayed();
    expect(openIfDue(alert, placedGold(), new Date('2026-03-01T10:29:59.999Z'))).toBe(alert);
  });

  it('the timer opens at the due time, stamped with the due time', () => {
    expect(openIfDue(delayed(), placedGold(), new Date(DUE_AT))).toMatchObject({ active: true, openedAt: DUE_AT, details, history: [{ openedAt: DUE_AT, closedAt: null }] });
  });

  it('the timer opens late with the due time, not the time it fired', () => {
    const opened = openIfDue(delayed(), placedGold(), new Date('2026-03-02T09:00:00Z'));
    expect(opened.openedAt).toBe(DUE_AT);
    expect(opened.history).toEqual([{ openedAt: DUE_AT, closedAt: null }]);
  });

  it('the timer does not reopen an alert whose period for this due time was already closed', () => {
    const order = placedGold();
    const closed = closeAlert(openIfDue(delayed(), order, new Date(DUE_AT)), T3);
    expect(closed.history).toEqual([{ openedAt: DUE_AT, closedAt: T3 }]);
    expect(openIfDue(closed, order, new Date(T4))).toBe(closed);

    const open = openIfDue(delayed(), order, new Date(DUE_AT));
    expect(openIfDue(open, order, new Date(T4))).toBe(open);
  });

  it('the timer ignores non-Gold orders and orders no longer Processing', () => {
    const alert = delayed();
    expect(openIfDue(alert, tracked(orderChanged({ tier: 'Silver' })), new Date(T4))).toBe(alert);
    expect(openIfDue(alert, tracked(shippedEvent(T1), placedGold()), new Date(T4))).toBe(alert);
  });

  it('an event that takes the order out of Processing closes an open alert at the event time', () => {
    const open = openIfDue(delayed(), placedGold(), new Date(DUE_AT));
    const event = shippedEvent(T3);
    const closed = reconcileDelayedOnEvent(open, tracked(event, placedGold()), event);
    expect(closed).toMatchObject({ active: false, openedAt: DUE_AT, closedAt: T3, history: [{ openedAt: DUE_AT, closedAt: T3 }] });
  });

  it.each(['Shipped', 'Cancelled'] as const)('records a past period (due time → event time) when the order is %s late and the timer never fired', (status) => {
    const event = orderChanged({ version: 2, status, previousStatus: 'Processing', occurredAt: T3 });
    const recorded = reconcileDelayedOnEvent(delayed(), tracked(event, placedGold()), event);
    expect(recorded).toMatchObject({ active: false, openedAt: DUE_AT, closedAt: T3, details, history: [{ openedAt: DUE_AT, closedAt: T3 }] });
  });

  it('records a period when the order leaves Processing exactly at the due time', () => {
    const event = shippedEvent(DUE_AT);
    expect(reconcileDelayedOnEvent(delayed(), tracked(event, placedGold()), event).history).toEqual([{ openedAt: DUE_AT, closedAt: DUE_AT }]);
  });

  it('does nothing when the order leaves Processing before its due time', () => {
    const alert = delayed();
    const event = shippedEvent(t('2026-03-01T10:29:59.999Z'));
    expect(reconcileDelayedOnEvent(alert, tracked(event, placedGold()), event)).toBe(alert);
  });

  it('does not record a period when the previous status was not Processing', () => {
    const alert = delayed();
    const shipped = tracked(shippedEvent(T1), placedGold()); // shipped in time (T1 = 10:00 < due 10:30)
    const delivered = orderChanged({ version: 3, status: 'Delivered', previousStatus: 'Shipped', occurredAt: T4 });
    expect(reconcileDelayedOnEvent(alert, tracked(delivered, shipped), delivered)).toBe(alert);
  });

  it('ignores events of non-Gold orders and events that keep the order in Processing', () => {
    const alert = delayed();
    const silverShipped = orderChanged({ version: 2, tier: 'Silver', status: 'Shipped', previousStatus: 'Processing', occurredAt: T4 });
    expect(reconcileDelayedOnEvent(alert, tracked(silverShipped, tracked(orderChanged({ tier: 'Silver' }))), silverShipped)).toBe(alert);

    const placed = orderChanged({ occurredAt: PLACED_AT });
    const open = openIfDue(alert, placedGold(), new Date(DUE_AT));
    expect(reconcileDelayedOnEvent(open, placedGold(), placed)).toBe(open);
  });

  it('replay property: (timer fired, then Shipped) and (late Shipped only) end with the same alert', () => {
    const placed = placedGold();
    const event = shippedEvent(T3);
    const shipped = tracked(event, placed);

    const live = reconcileDelayedOnEvent(openIfDue(delayed(), placed, new Date('2026-03-01T10:31:00Z')), shipped, event);
    const replay = reconcileDelayedOnEvent(delayed(), shipped, event);

    expect(replay.history).toEqual([{ openedAt: DUE_AT, closedAt: T3 }]);
    expect(live.history).toEqual(replay.history);
    expect(live).toEqual(replay);

    // A redelivered Shipped event changes neither.
    expect(reconcileDelayedOnEvent(live, shipped, event)).toBe(live);
    expect(reconcileDelayedOnEvent(replay, shipped, event)).toBe(replay);
  });
});

describe('edge cases found in review', () => {
  it('adds up the lines of one product before comparing with stock', () => {
    const order = tracked(orderChanged({ items: [{ productId: 'p-1', quantity: 3, unitPrice: 1 }, { productId: 'p-1', quantity: 3, unitPrice: 1 }] }));
    expect(shortItems(order, new Map([['p-1', 5]]))).toEqual([{ productId: 'p-1', quantity: 6, stock: 5 }]);
    expect(shortItems(order, new Map([['p-1', 6]]))).toEqual([]);
  });

  it('compares times as instants, not as text', () => {
    const order = placedGold();
    const halfSecondEarly = orderChanged({ version: 2, status: 'Shipped', previousStatus: 'Processing', occurredAt: '2026-03-01T10:29:59.500Z' });
    expect(reconcileDelayedOnEvent(newAlert('delayed-gold-order', 'o-1'), tracked(halfSecondEarly, order), halfSecondEarly).history).toEqual([]);
    const offsetEvent = { ...shippedEvent(T2), occurredAt: '2026-03-01T12:00:00+02:00' };
    expect(reconcileDelayedOnEvent(newAlert('delayed-gold-order', 'o-1'), tracked(offsetEvent, order), offsetEvent).history).toEqual([]);
  });

  it('never closes a period before it opened (a late event from a skewed clock)', () => {
    const open = openIfDue(newAlert('delayed-gold-order', 'o-1'), placedGold(), new Date(T2));
    const early = shippedEvent('2026-03-01T10:15:00.000Z');
    const closed = reconcileDelayedOnEvent(open, tracked(early, placedGold()), early);
    expect(closed.history).toEqual([{ openedAt: DUE_AT, closedAt: DUE_AT }]);
  });

  it('keeps the current stock on an open stock alert, newer product versions only', () => {
    const open = { ...openAlert(newAlert('low-stock', 'p-1'), T1, { stock: 18, productVersion: 2 }) };
    expect(refreshStock(open, 3, 17).details).toMatchObject({ stock: 17, productVersion: 3 });
    expect(refreshStock(open, 2, 99)).toBe(open);
    const closed = closeAlert(open, T2);
    expect(refreshStock(closed, 5, 1)).toBe(closed);
  });
});
