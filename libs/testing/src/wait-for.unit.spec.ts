import { waitFor } from './wait-for';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('waitFor', () => {
  it('returns the first value the probe gives that is not undefined or false', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? `after ${calls}` : false), { intervalMs: 1 })).resolves.toBe('after 3');
  });

  it('fails after the timeout with what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'the thing' },
      ),
    ).rejects.toThrow('timed out after 30 ms waiting for the thing: not yet');
  });

  it('stops polling once its signal is aborted', async () => {
    const caller = new AbortController();
    let probes = 0;
    const waiting = waitFor(() => (probes++, false), { timeoutMs: 60_000, intervalMs: 5, signal: caller.signal });
    await sleep(30);
    caller.abort(new Error('the caller stopped waiting'));
    await expect(waiting).rejects.toThrow('the caller stopped waiting');
    const atAbort = probes;
    await sleep(30);
    expect(probes).toBe(atAbort);
    expect(atAbort).toBeGreaterThan(0);
  });
});
