import { PinoLogger } from 'nestjs-pino';
import { OrderCustomerNamesQuery } from '../database/order-customer-names.query';
import { CustomerNames } from './customer-names';

/** A query the test answers by hand, one lookup at a time. */
function manualQuery() {
  const calls: { ids: readonly string[]; answer: (names: Record<string, string>) => void }[] = [];
  const query = {
    execute: (ids: readonly string[]) => new Promise<Map<string, string>>((resolve) => calls.push({ ids, answer: (names) => resolve(new Map(Object.entries(names))) })),
  } as unknown as OrderCustomerNamesQuery;
  return { query, calls };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('dashboard customer names', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('looks an order up again when the event index changed while the lookup that missed it ran', async () => {
    const { query, calls } = manualQuery();
    const names = new CustomerNames(query, { warn: jest.fn() } as unknown as PinoLogger);
    names.show(['o-1']);
    expect(calls.map((c) => c.ids)).toEqual([['o-1']]);
    names.indexChanged(); // the order's event lands in the index while the lookup runs
    calls[0].answer({});
    await settle();
    jest.advanceTimersByTime(2000);
    expect(calls.map((c) => c.ids)).toEqual([['o-1'], ['o-1']]);
    calls[1].answer({ 'o-1': 'Ms Ada King Lovelace' });
    await settle();
    expect(names.known().get('o-1')).toBe('Ms Ada King Lovelace');
  });

  it('does not look a missing order up again until the event index changes', async () => {
    const { query, calls } = manualQuery();
    const names = new CustomerNames(query, { warn: jest.fn() } as unknown as PinoLogger);
    names.show(['o-1']);
    calls[0].answer({});
    await settle();
    jest.advanceTimersByTime(10_000);
    names.show(['o-1']);
    expect(calls).toHaveLength(1);
    names.indexChanged();
    expect(calls).toHaveLength(2);
  });
});
