import { metricValue, uniqueName, waitFor } from '@app/testing';
import { e2eStack, http } from './stack';

// Read-your-writes waits of the orders service, a real process: a version far ahead of the replica and a
// request beyond the waits in progress are answered at once (503 REPLICA.NOT_CAUGHT_UP, Retry-After),
// while the waits in progress go on. Only orders runs: absent ids are all these waits need.
const stack = e2eStack();
const orders = stack.orders;

beforeAll(() => orders.start({ REPLICA_WAIT_MAX_WAITERS: '2', REPLICA_WAIT_MAX_MS: '20000', REPLICA_WAIT_MAX_VERSION_GAP: '100' }), 120_000);
afterAll(() => orders.stop());

const notCaughtUp = (res: Awaited<ReturnType<typeof http>>) => ({ status: res.status, code: res.body.code, retryAfter: res.headers.get('retry-after') });
const NOT_CAUGHT_UP = { status: 503, code: 'REPLICA.NOT_CAUGHT_UP', retryAfter: '1' };

describe('?minVersion waits, bounded', () => {
  it('a version more than REPLICA_WAIT_MAX_VERSION_GAP ahead: 503 REPLICA.NOT_CAUGHT_UP with Retry-After, for 300 concurrent requests alike', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => http('GET', `${orders.url}/${i % 2 ? 'customer' : 'product'}-replicas/${uniqueName('far')}?minVersion=${i % 3 ? 101 : 999999999999999}`)),
    );
    for (const res of answers) expect(notCaughtUp(res)).toEqual(NOT_CAUGHT_UP);
    const tooFar = (replica: string) => metricValue(orders.url, 'replica_waits_total', { replica, outcome: 'too_far_ahead' });
    expect((await tooFar('customer')) + (await tooFar('product'))).toBe(300);
    expect(await metricValue(orders.url, 'replica_waits_in_progress', { replica: 'customer' })).toBe(0);
  });

  it('beyond REPLICA_WAIT_MAX_WAITERS waits in progress, one more is answered at once while the two go on waiting', async () => {
    const settled = [false, false];
    const waiting = [0, 1].map((i) =>
      http('GET', `${orders.url}/customer-replicas/${uniqueName('wait')}?minVersion=1`).finally(() => {
        settled[i] = true;
      }),
    );
    await waitFor(async () => (await metricValue(orders.url, 'replica_waits_in_progress', { replica: 'customer' })) === 2, { what: 'both waits in progress' });
    const third = await http('GET', `${orders.url}/customer-replicas/${uniqueName('third')}?minVersion=1`);
    expect(notCaughtUp(third)).toEqual(NOT_CAUGHT_UP);
    expect(settled).toEqual([false, false]);
    expect(await metricValue(orders.url, 'replica_waits_total', { replica: 'customer', outcome: 'no_slot' })).toBe(1);
    // The two end when REPLICA_WAIT_MAX_MS runs out (nothing will bring those customers).
    for (const res of await Promise.all(waiting)) expect(notCaughtUp(res)).toEqual(NOT_CAUGHT_UP);
    expect(await metricValue(orders.url, 'replica_waits_total', { replica: 'customer', outcome: 'timed_out' })).toBe(2);
    expect(await metricValue(orders.url, 'replica_waits_in_progress', { replica: 'customer' })).toBe(0);
  }, 120_000);
});
