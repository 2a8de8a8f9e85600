import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a server that can be shut and opened: shut, it accepts and drops every
 * connection at once (the client sees the connection closed, as with a broker that is down); open, it
 * forwards to the target. For a broker this covers the bootstrap connection only: once a client has
 * read the metadata it connects to the broker's advertised address directly.
 */
export class TcpGate {
  private server?: Server;
  private opened = false;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free port of 127.0.0.1, shut; resolves with that port. */
  async listen(): Promise<number> {
    const server = (this.server = createServer((client) => this.accept(client)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  open(): void {
    this.opened = true;
  }

  /** Shuts the gate and drops the connections it forwards. */
  shut(): void {
    this.opened = false;
    this.sockets.forEach((s) => s.destroy());
  }

  async close(): Promise<void> {
    this.shut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (!this.opened) return void client.destroy();
    const upstream = createConnection(this.target);
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}
