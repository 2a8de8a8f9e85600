import { EventEmitter } from 'node:events';
import { ErrorFields } from './exit-report';
import { ExitIo, fatal, installFatalExit } from './fatal-exit';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface LogEntry {
  level: number;
  time: number;
  service: string;
  msg: string;
  err?: ErrorFields;
}

/** A stand-in for `process`: records what the handlers write, the exit code, re-raised signals, timers. */
function harness(shutdownTimeoutMs = 15_000) {
  const target = new EventEmitter();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const killed: NodeJS.Signals[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const io: ExitIo = {
    writeSync: (fd, text) => void (fd === 1 ? stdout : stderr).push(text),
    exit: (code) => {
      throw new Exited(code);
    },
    now: () => 1_767_225_600_000,
    kill: (signal) => void killed.push(signal),
    schedule: (fn, ms) => void timers.push({ fn, ms }),
    pid: 77,
    hostname: 'box-1',
  };
  const uninstall = installFatalExit({ service: 'orders', target, io, shutdownTimeoutMs });
  const log = (): LogEntry[] => stdout.map((line) => JSON.parse(line) as LogEntry);
  return { target, stderr, killed, timers, uninstall, log };
}

function exitCodeOf(run: () => void): number {
  try {
    run();
  } catch (error) {
    if (error instanceof Exited) return error.code;
    throw error;
  }
  throw new Error('did not exit');
}

describe('installFatalExit', () => {
  let h: ReturnType<typeof harness>;
  afterEach(() => h.uninstall());

  it('an uncaught exception: a fatal log line with the error, the reason and stack on stderr, exit 1', () => {
    h = harness();
    const error = new TypeError('cannot read properties of undefined');

    expect(exitCodeOf(() => h.target.emit('uncaughtException', error))).toBe(1);

    expect(h.log()).toEqual([
      {
        level: 60,
        time: 1_767_225_600_000,
        pid: 77,
        hostname: 'box-1',
        service: 'orders',
        msg: 'orders crashed: uncaught exception: cannot read properties of undefined',
        err: { type: 'TypeError', message: 'cannot read properties of undefined', stack: error.stack },
      },
    ]);
    expect(h.stderr).toEqual([`orders crashed: uncaught exception: cannot read properties of undefined\n${error.stack}\n`]);
  });

  it('an unhandled rejection of a non-Error: still a reason, exit 1', () => {
    h = harness();
    expect(exitCodeOf(() => h.target.emit('unhandledRejection', 'broker unreachable'))).toBe(1);
    expect(h.log()[0]).toMatchObject({ level: 60, msg: 'orders crashed: unhandled rejection: broker unreachable', err: { type: 'string', message: 'broker unreachable' } });
    expect(h.stderr).toEqual(['orders crashed: unhandled rejection: broker unreachable\n']);
  });

  it('any exit leaves a last line with its code', () => {
    h = harness();
    h.target.emit('exit', 0);
    h.target.emit('exit', 3);
    expect(h.log().map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 30, msg: 'orders exiting with code 0' },
      { level: 50, msg: 'orders exiting with code 3' },
    ]);
    expect(h.stderr).toEqual(['orders exiting with code 0\n', 'orders exiting with code 3\n']);
  });

  it('a signal someone else handles (Nest): says so, leaves the shutdown to them, guards it with a timeout', () => {
    h = harness(15_000);
    const nest = jest.fn();
    h.target.on('SIGTERM', nest).on('SIGINT', nest);

    h.target.emit('SIGTERM', 'SIGTERM');

    expect(nest).toHaveBeenCalledWith('SIGTERM');
    expect(h.killed).toEqual([]);
    expect(h.stderr).toEqual(['orders received SIGTERM, shutting down\n']);
    expect(h.timers.map((t) => t.ms)).toEqual([15_000]);

    h.target.emit('SIGINT', 'SIGINT');
    expect(h.stderr[1]).toBe('orders received SIGINT, already shutting down\n');
    expect(h.timers).toHaveLength(1);

    expect(exitCodeOf(h.timers[0].fn)).toBe(1);
    expect(h.log().at(-1)).toMatchObject({ level: 60, msg: 'orders did not shut down within 15 s of SIGTERM' });
  });

  it('the signal raised again once the others are done (as Nest does): lets it kill the process', () => {
    h = harness();
    const nest = (): void => void h.target.removeListener('SIGTERM', nest);
    h.target.on('SIGTERM', nest);

    h.target.emit('SIGTERM', 'SIGTERM');
    h.target.emit('SIGTERM', 'SIGTERM');

    expect(h.stderr).toEqual(['orders received SIGTERM, shutting down\n', 'orders exiting on SIGTERM\n']);
    expect(h.killed).toEqual(['SIGTERM']);
    expect(h.target.listenerCount('SIGTERM')).toBe(0);
  });

  it('a signal before anyone else listens (during boot): does not swallow it', () => {
    h = harness();
    h.target.emit('SIGHUP', 'SIGHUP');
    expect(h.stderr).toEqual(['orders received SIGHUP, shutting down\n', 'orders exiting on SIGHUP\n']);
    expect(h.killed).toEqual(['SIGHUP']);
  });
});

describe('fatal', () => {
  it('writes the reason with the installed service name and exits with the given code', () => {
    const h = harness();
    try {
      const error = new Error('rebalance failed');
      expect(exitCodeOf(() => fatal('consumer orders-g crashed and will not restart: rebalance failed', error))).toBe(1);
      expect(exitCodeOf(() => fatal('refuses to start. HTTP_PORT must be a port', undefined, 78))).toBe(78);
      expect(h.stderr).toEqual([`orders consumer orders-g crashed and will not restart: rebalance failed\n${error.stack}\n`, 'orders refuses to start. HTTP_PORT must be a port\n']);
      expect(h.log().map((e) => e.err?.message)).toEqual(['rebalance failed', undefined]);
    } finally {
      h.uninstall();
    }
  });
});
