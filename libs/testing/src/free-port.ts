import { createServer } from 'node:net';

const taken = new Set<number>();

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A port nobody listens on, from TEST_PORT_RANGE (default 45000-45999) so that parallel runs on a
 * shared machine can be kept apart; never the same port twice in one test process.
 */
export async function freePort(): Promise<number> {
  const [low, high] = (process.env.TEST_PORT_RANGE ?? '45000-45999').split('-').map(Number);
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (taken.has(port)) continue;
    taken.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${low}-${high}`);
}
