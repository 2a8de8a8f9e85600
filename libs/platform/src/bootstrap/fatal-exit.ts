import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { errorFields, ExitReport, logLine, PinoLevel, stderrLine } from './exit-report';

/**
 * Exit code of a crash: 1, the code Node itself exits with on an uncaught exception, so a supervisor
 * sees the same code whether or not these handlers are installed.
 */
export const CRASH_EXIT_CODE = 1;
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
export const SHUTDOWN_TIMEOUT_MS = 15_000;

/** What the handlers do to the outside world; injected so tests can watch it. */
export interface ExitIo {
  writeSync(fd: 1 | 2, text: string): void;
  exit(code: number): never;
  now(): number;
  /** Raises the signal again, which now kills the process as it would have without any listener. */
  kill(signal: NodeJS.Signals): void;
  /** Runs `fn` after `ms` without keeping the process alive. */
  schedule(fn: () => void, ms: number): void;
  pid: number;
  hostname: string;
}

export function processIo(): ExitIo {
  return {
    writeSync: writeAll,
    exit: (code) => process.exit(code),
    now: () => Date.now(),
    kill: (signal) => process.kill(process.pid, signal),
    schedule: (fn, ms) => void setTimeout(fn, ms).unref(),
    pid: process.pid,
    hostname: hostname(),
  };
}

export interface FatalExitOptions {
  service: string;
  /** `process`, or a stand-in in tests. */
  target?: EventEmitter;
  io?: ExitIo;
  shutdownTimeoutMs?: number;
}

interface Reporter {
  service: string;
  io: ExitIo;
}

let installed: Reporter | undefined;

/** Dies now with a reason on stdout (JSON) and stderr (plain); use it instead of a bare process.exit. */
export function fatal(reason: string, error?: unknown, code = CRASH_EXIT_CODE): never {
  return die(installed ?? { service: 'process', io: processIo() }, reason, error, code);
}

/**
 * Makes every end of the process leave a reason: crashes, shutdown signals, and any exit. Returns the
 * uninstaller. Signal listeners only watch: whoever else listens (Nest's shutdown hooks) shuts down.
 */
export function installFatalExit({ service, target = process, io = processIo(), shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS }: FatalExitOptions): () => void {
  const reporter = { service, io };
  const onUncaught = (error: unknown): never => die(reporter, `crashed: uncaught exception: ${errorFields(error).message}`, error);
  const onRejection = (error: unknown): never => die(reporter, `crashed: unhandled rejection: ${errorFields(error).message}`, error);
  const onExit = (code: number): void => tell(reporter, { level: code === 0 ? PinoLevel.info : PinoLevel.error, text: `exiting with code ${code}` });
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // Nest removes its listener once shut down and raises the signal again: alone, we must let it kill.
    const othersListen = target.listeners(signal).some((listener) => listener !== onSignal);
    if (othersListen || !shuttingDown) tell(reporter, { level: PinoLevel.info, text: `received ${signal}, ${shuttingDown ? 'already ' : ''}shutting down` });
    if (!shuttingDown) io.schedule(() => die(reporter, `did not shut down within ${shutdownTimeoutMs / 1000} s of ${signal}`), shutdownTimeoutMs);
    shuttingDown = true;
    if (othersListen) return;
    tell(reporter, { level: PinoLevel.info, text: `exiting on ${signal}` });
    target.removeListener(signal, onSignal);
    io.kill(signal);
  };
  target.on('uncaughtException', onUncaught);
  target.on('unhandledRejection', onRejection);
  target.on('exit', onExit);
  SHUTDOWN_SIGNALS.forEach((signal) => target.on(signal, onSignal));
  installed = reporter;
  return () => {
    target.removeListener('uncaughtException', onUncaught);
    target.removeListener('unhandledRejection', onRejection);
    target.removeListener('exit', onExit);
    SHUTDOWN_SIGNALS.forEach((signal) => target.removeListener(signal, onSignal));
    if (installed === reporter) installed = undefined;
  };
}

function die(reporter: Reporter, reason: string, error?: unknown, code = CRASH_EXIT_CODE): never {
  tell(reporter, { level: PinoLevel.fatal, text: reason, error });
  return reporter.io.exit(code);
}

/** Synchronous on purpose: the process may be gone before an async log stream flushes. */
function tell({ service, io }: Reporter, report: Omit<ExitReport, 'service'>): void {
  const full = { ...report, service };
  const lines: [1 | 2, string][] = [
    [1, logLine(full, { time: io.now(), pid: io.pid, hostname: io.hostname })],
    [2, stderrLine(full)],
  ];
  for (const [fd, text] of lines) {
    try {
      io.writeSync(fd, text);
    } catch {
      // A closed stdout must not keep the other line from being written, nor the process from ending.
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0, busy = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      // A non-blocking pipe whose reader is behind: wait for it a little, as pino's sonic-boom does.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++busy > 100) throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}
