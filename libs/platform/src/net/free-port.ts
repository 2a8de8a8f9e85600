import { createServer } from 'node:net';

const taken = new Set<number>();

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A port nobody listens on, for a process started a moment later (tests, benchmarks, chaos), from
 * TEST_PORT_RANGE (default 22000-22999), never the same port twice in one process. The range lies below
 * Linux's ephemeral ports (32768-60999): a port from there, free when checked, can become the local end
 * of any outgoing connection (Kafka and MongoDB clients open many) before the new process binds it.
 */
export async function freePort(): Promise<number> {
  const [low, high] = (process.env.TEST_PORT_RANGE ?? '22000-22999').split('-').map(Number);
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (taken.has(port)) continue;
    taken.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${low}-${high}`);
}
