import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcess } from './node-process';
import { waitFor } from './wait-for';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('NodeProcess (the one launcher of tests, benchmarks, chaos and replay)', () => {
  let dir: string;
  const script = (name: string, code: string): string => {
    const file = join(dir, `${name}.js`);
    writeFileSync(file, code);
    return file;
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'node-process-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for an HTTP answer, keeps a pid file while running, logs, and stops on SIGTERM', async () => {
    const port = await freePort();
    const server = script('server', `require('node:http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));`);
    const p = new NodeProcess('server', server, { logFile: join(dir, 'logs', 'server.log'), pidFile: join(dir, 'pids', 'server.pid') });
    p.start({ PORT: String(port) });
    await p.waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, what: 'the server to answer' });
    expect(p.running()).toBe(true);
    expect(readFileSync(join(dir, 'pids', 'server.pid'), 'utf8')).toBe(String(p.pid));
    await p.stop('SIGTERM');
    expect(p.running()).toBe(false);
    expect(p.signal()).toBe('SIGTERM');
    expect(existsSync(join(dir, 'pids', 'server.pid'))).toBe(false);
    expect(readFileSync(join(dir, 'logs', 'server.log'), 'utf8')).toContain('listening');
  });

  it('fails the wait at once, with the last lines, when the process dies first', async () => {
    const dying = script('dying', `console.error('refuses to start: BAD_SETTING'); process.exit(78);`);
    const p = new NodeProcess('dying', dying, { logFile: join(dir, 'dying.log') });
    p.start({});
    await expect(p.waitForHttp('http://127.0.0.1:9/', { timeoutMs: 30_000, what: 'an answer' })).rejects.toThrow(/dying exited with 78 before an answer[\s\S]*BAD_SETTING/);
    expect(await p.exited()).toBe(78);
  });

  it('gives a one-shot program its last stdout line, and can start again after it ended', async () => {
    const oneShot = script('one-shot', `console.log('progress'); console.log(JSON.stringify({ run: process.env.RUN }));`);
    const p = new NodeProcess('one-shot', oneShot, { logFile: join(dir, 'one-shot.log') });
    for (const run of ['1', '2']) {
      p.start({ RUN: run });
      expect(await p.exited()).toBe(0);
      expect(JSON.parse(p.lastStdoutLine())).toEqual({ run });
    }
  });

  it('reports the exit once the log file holds all the output and is closed: the caller may remove its directory at once', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const chatty = script('chatty', `console.log(${JSON.stringify(lines.join('\n'))}); console.error('last words');`);
    const logFile = join(dir, 'chatty.log');
    const p = new NodeProcess('chatty', chatty, { logFile });
    p.start({});
    expect(await p.exited()).toBe(0);
    const openFiles = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(join('/proc/self/fd', fd));
      } catch {
        return '';
      }
    });
    expect(openFiles).not.toContain(logFile);
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('line 1999');
    expect(logged).toContain('last words');
  });

  it('SIGKILLs a process that ignores SIGTERM past the grace time', async () => {
    const stubborn = script('stubborn', `process.on('SIGTERM', () => undefined); console.log('up'); setInterval(() => undefined, 1000);`);
    const p = new NodeProcess('stubborn', stubborn, { logFile: join(dir, 'stubborn.log') });
    p.start({});
    await waitFor(() => p.lastStdoutLine() === 'up', { timeoutMs: 10_000, what: 'its SIGTERM handler' });
    await p.stop('SIGTERM', 500);
    expect(p.signal()).toBe('SIGKILL');
  });
});
