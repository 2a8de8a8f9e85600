import { loadInfra } from '@app/testing';
import { MongoClient, MongoNetworkError } from 'mongodb';

/**
 * The driver's own internals, reached here on purpose: the race this guards against happens inside
 * them (patches/mongodb+6.22.0.patch). A peer's close destroys the socket at once and runs its
 * 'close' handler a tick later; a command written in between got no reply, no error and no timeout.
 */
interface DriverConnection {
  socket: { destroy(): void };
  command(ns: unknown, cmd: object, options: object): Promise<unknown>;
}
interface DriverMonitor {
  connection: DriverConnection | null;
  requestCheck(): void;
}
interface DriverTopology {
  s: { servers: Map<string, { monitor: DriverMonitor | null }> };
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`'s outcome, or `'hung'` when it has none after `ms` (the timer does not outlive the answer). */
async function orHung<T>(work: Promise<T>, ms = 20_000): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** A connected client and its server monitor, once the monitor holds its own connection. */
async function connectedMonitor(client: MongoClient): Promise<{ monitor: DriverMonitor; connection: DriverConnection }> {
  await client.connect();
  const topology = (client as unknown as { topology: DriverTopology }).topology;
  const monitor = [...topology.s.servers.values()][0]?.monitor;
  for (let i = 0; i < 50 && !monitor?.connection; i++) await sleep(100);
  // A check is run on request only once minHeartbeatFrequencyMS (500 ms) has passed since the last one.
  await sleep(700);
  const connection = monitor?.connection;
  if (!monitor || !connection) throw new Error('the driver has no monitoring connection to test with');
  return { monitor, connection };
}

describe('mongodb driver: a command on a socket the server just closed', () => {
  const clients: MongoClient[] = [];
  const newClient = () => {
    const client = new MongoClient(loadInfra().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
    clients.push(client);
    return client;
  };
  afterAll(() => Promise.all(clients.map((c) => c.close())));

  it('fails at once instead of waiting forever, and the client reaches the server again', async () => {
    const client = newClient();
    const { monitor, connection } = await connectedMonitor(client);

    const heartbeat = new Promise<'failed' | 'succeeded'>((resolve) => {
      client.once('serverHeartbeatFailed', () => resolve('failed'));
      client.once('serverHeartbeatSucceeded', () => resolve('succeeded'));
    });
    // As in the chaos MongoDB outage: the server closes the monitor's socket, and an application
    // connection's error makes the pool ask the monitor for a check in the same tick.
    connection.socket.destroy();
    monitor.requestCheck();
    // Without the patch the heartbeat never ends: the server then stays Unknown for good and every
    // operation fails server selection, long after the server is back.
    expect(await orHung(heartbeat)).toBe('failed');

    await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('rejects the command itself with a network error (a retriable one)', async () => {
    const { connection } = await connectedMonitor(newClient());
    connection.socket.destroy();
    const result = await orHung(
      connection.command({ db: 'admin', collection: '$cmd', toString: () => 'admin.$cmd' }, { hello: 1 }, { socketTimeoutMS: 30_000 }).then(
        () => 'answered',
        (error: unknown) => error,
      ),
    );
    expect(result).toBeInstanceOf(MongoNetworkError);
  });
});
