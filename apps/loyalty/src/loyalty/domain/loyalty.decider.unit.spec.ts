import { belongsToWorker, decideAward, emptyAccount, pointsFor, tierOf } from './loyalty.decider';
import { AuditedOrder } from './loyalty.types';

const order = (over: Partial<AuditedOrder> = {}): AuditedOrder => ({
  orderId: 'o-1',
  customerId: 'c-1',
  total: 10.1,
  status: 'Processing',
  tierAsPlaced: 'Bronze',
  ...over,
});
const meta = { occurredAt: new Date('2026-01-01T00:00:00Z'), correlationId: 'run-1', eventIdFor: (name: string) => `id:${name}` };

describe('loyalty decider', () => {
  it('awards total × tier multiplier: Gold 2, Silver 1.5, Bronze 1', () => {
    expect(pointsFor(10.1, 'Gold')).toBe(20.2);
    expect(pointsFor(10.1, 'Silver')).toBe(15.15);
    expect(pointsFor(10.1, 'Bronze')).toBe(10.1);
  });

  it('given an account, when an order is awarded, then the balance, the counted orders and the event move together', () => {
    const decision = decideAward(emptyAccount('c-1'), order(), 'Silver', meta);
    expect(decision).toMatchObject({ kind: 'award', account: { points: 15.15, awards: 1, processedOrderIds: ['o-1'] } });
    if (decision.kind !== 'award') throw new Error('expected an award');
    expect(decision.account.pending[0]).toMatchObject({
      eventId: 'id:loyalty:c-1:1',
      type: 'LoyaltyPointsChanged',
      aggregateId: 'c-1',
      aggregateVersion: 1,
      payload: { orderId: 'o-1', pointsAdded: 15.15, balance: 15.15, multiplier: 1.5, tier: 'Silver' },
    });
  });

  it('counts an order once', () => {
    const first = decideAward(emptyAccount('c-1'), order(), 'Gold', meta);
    if (first.kind !== 'award') throw new Error('expected an award');
    expect(decideAward(first.account, order(), 'Gold', meta)).toEqual({ kind: 'already-counted' });
  });

  it('gives nothing for a cancelled order', () => {
    expect(decideAward(emptyAccount('c-1'), order({ status: 'Cancelled' }), 'Gold', meta).kind).toBe('no-points');
  });

  it('adds in hundredths, so a thousand awards sum exactly', () => {
    let account = emptyAccount('c-1');
    for (let i = 0; i < 1000; i++) {
      const d = decideAward(account, order({ orderId: `o-${i}`, total: 0.1 }), 'Silver', meta);
      if (d.kind !== 'award') throw new Error('expected an award');
      account = d.account;
    }
    expect(account.points).toBe(150);
  });

  it('takes the replica tier, else the tier the order was placed with, else Bronze', () => {
    expect(tierOf('Gold', order({ tierAsPlaced: 'Silver' }))).toBe('Gold');
    expect(tierOf(undefined, order({ tierAsPlaced: 'Silver' }))).toBe('Silver');
    expect(tierOf(undefined, order({ tierAsPlaced: 'Platinum' }))).toBe('Bronze');
  });

  it('gives every order to exactly one worker', () => {
    for (const id of ['a', 'b', 'c', 'order-42', '4b7f0c1e-8a54-4f7e-9d2a-0f6b1f1c2d3e']) {
      expect([0, 1, 2].filter((i) => belongsToWorker(id, 3, i))).toHaveLength(1);
    }
  });
});
