import { loadInfra, uniqueName } from '@app/testing';
import { CommandStartedEvent, MongoClient } from 'mongodb';
import { VersionedReplicaRepository } from './versioned-replica.repository';

// Read-your-writes waits against FerretDB, watched through the driver's command monitoring: what each
// wait costs the database, not how long it takes.
type View = { id: string; version: number; name: string };
const LONG_WAIT_MS = 45_000;

describe('replica waits for a version (?minVersion)', () => {
  const client = new MongoClient(loadInfra().mongoUrl, { monitorCommands: true });
  const db = uniqueName('replica_waits').replace(/-/g, '_');
  const finds: CommandStartedEvent[] = [];
  const view = (id: string, version: number): View => ({ id, version, name: `v${version}` });
  const replica = (limits = { maxWaiters: 10, maxVersionGap: 5 }) => new VersionedReplicaRepository<View>(() => client.db(db).collection('replica'), limits);
  /** The find commands sent for these ids: a single-id read or the ids of one `$in` poll. */
  const findsOf = (ids: string[]) =>
    finds
      .map((c) => (c.command.filter as { _id: string | { $in: string[] } })._id)
      .filter((f) => (typeof f === 'string' ? ids.includes(f) : f.$in.some((id) => ids.includes(id))));

  beforeAll(async () => {
    await client.connect();
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.databaseName === db) finds.push(event);
    });
  });
  afterAll(async () => {
    await client.db(db).dropDatabase();
    await client.close();
  });

  it('given three requests waiting on two customers, when the versions arrive, each gets its view, from one query per poll for all of them', async () => {
    const repo = replica();
    const [a, b] = [uniqueName('a'), uniqueName('b')];
    await repo.apply(view(a, 1), 'e-a1', 'now');
    const waits = Promise.all([repo.waitForVersion(a, 2, LONG_WAIT_MS), repo.waitForVersion(a, 3, LONG_WAIT_MS), repo.waitForVersion(b, 1, LONG_WAIT_MS)]);
    await repo.apply(view(a, 2), 'e-a2', 'now');
    await repo.apply(view(b, 1), 'e-b1', 'now');
    await repo.apply(view(a, 3), 'e-a3', 'now');
    const [first, second, third] = await waits;
    expect([first?.version, second?.version, third?.version]).toEqual([expect.any(Number), 3, 1]);
    expect(first!.version).toBeGreaterThanOrEqual(2);
    const ours = findsOf([a, b]);
    // One read per request, then polls: each a single `$in` query for the ids still awaited, never one per request.
    expect(ours.filter((f) => typeof f === 'string')).toHaveLength(3);
    const polls = ours.filter((f): f is { $in: string[] } => typeof f !== 'string');
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(new Set(poll.$in).size).toBe(poll.$in.length);
  });

  it('a version further ahead than REPLICA_WAIT_MAX_VERSION_GAP is answered at once with what the replica holds: one read, no polling', async () => {
    const repo = replica({ maxWaiters: 10, maxVersionGap: 5 });
    const [id, absent] = [uniqueName('c'), uniqueName('ghost')];
    await repo.apply(view(id, 3), 'e-3', 'now');
    expect(await repo.waitForVersion(id, 9, LONG_WAIT_MS)).toEqual(view(id, 3));
    expect(await repo.waitForVersion(id, Number.MAX_SAFE_INTEGER, LONG_WAIT_MS)).toEqual(view(id, 3));
    expect(await repo.waitForVersion(absent, 6, LONG_WAIT_MS)).toBeNull();
    expect(findsOf([id, absent])).toEqual([id, id, absent]);
  });

  it('beyond REPLICA_WAIT_MAX_WAITERS waits in progress, one more is answered at once while the others go on waiting', async () => {
    const repo = replica({ maxWaiters: 2, maxVersionGap: 5 });
    const ids = [uniqueName('w'), uniqueName('w'), uniqueName('w')];
    const settled = [false, false];
    const waiting = ids.slice(0, 2).map((id, i) => repo.waitForVersion(id, 1, LONG_WAIT_MS).finally(() => (settled[i] = true)));
    // Both waits are registered once their first read is done; the third request then finds no slot.
    await waitForFinds(() => findsOf(ids.slice(0, 2)).filter((f) => typeof f !== 'string').length > 0);
    expect(await repo.waitForVersion(ids[2], 1, LONG_WAIT_MS)).toBeNull();
    expect(settled).toEqual([false, false]);
    await Promise.all(ids.slice(0, 2).map((id) => repo.apply(view(id, 1), `e-${id}`, 'now')));
    expect((await Promise.all(waiting)).map((v) => v?.version)).toEqual([1, 1]);
  });

  it('a version that does not arrive in time: the wait ends with the view the replica holds', async () => {
    const repo = replica();
    const id = uniqueName('late');
    await repo.apply(view(id, 1), 'e-1', 'now');
    expect(await repo.waitForVersion(id, 2, 50)).toEqual(view(id, 1));
  });
});

/** Yields to the event loop until `done` (the driver's events arrive asynchronously). */
async function waitForFinds(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}
