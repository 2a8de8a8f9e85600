import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ErrorFields } from './exit-report';

const REPO_ROOT = resolve(__dirname, '../../../..');
const CHILD = join(__dirname, 'fatal-exit.child.spec.ts');

/** Compiles .ts on require with @swc/core (as jest does), so the child runs the real module, not a copy. */
const LOADER = `
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
const options = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
  module: { type: 'commonjs' },
};
require.extensions['.ts'] = (m, filename) => m._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
require(process.argv[1]);
`;

interface LogEntry {
  level: number;
  service: string;
  msg: string;
  err?: ErrorFields;
}

function runChild(scenario: string) {
  const result = spawnSync(process.execPath, ['-e', LOADER, CHILD, scenario], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  const log = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogEntry);
  return { status: result.status, signal: result.signal, stderr: result.stderr, log, msgs: log.map((e) => e.msg) };
}

describe('a service process dies with a reason', () => {
  it('an uncaught exception: exit 1, the error and its stack on stderr and in the log, then the exit line', () => {
    const child = runChild('uncaught');

    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/^orders crashed: uncaught exception: boom\nTypeError: boom\n {4}at .*fatal-exit\.child\.spec\.ts/);
    expect(child.stderr.trimEnd().split('\n').at(-1)).toBe('orders exiting with code 1');
    expect(child.log[0]).toMatchObject({ level: 60, service: 'orders', msg: 'orders crashed: uncaught exception: boom', err: { type: 'TypeError', message: 'boom' } });
    expect(child.log[0].err?.stack).toContain('fatal-exit.child.spec.ts');
    expect(child.msgs.at(-1)).toBe('orders exiting with code 1');
  });

  it('an unhandled rejection: exit 1 with its message', () => {
    const child = runChild('rejection');
    expect(child.status).toBe(1);
    expect(child.msgs).toEqual(['orders crashed: unhandled rejection: nobody awaited me', 'orders exiting with code 1']);
    expect(child.stderr).toContain('orders crashed: unhandled rejection: nobody awaited me\nError: nobody awaited me\n');
  });

  it('a plain process.exit elsewhere still leaves a last line', () => {
    const child = runChild('exit');
    expect(child.status).toBe(3);
    expect(child.stderr).toBe('orders exiting with code 3\n');
  });

  it('bad configuration: exit 78 with the refusal', () => {
    const child = runChild('bad-config');
    expect(child.status).toBe(78);
    expect(child.stderr).toBe('orders refuses to start. HTTP_PORT must be a port\norders exiting with code 78\n');
    expect(child.log[0]).toMatchObject({ level: 60, msg: 'orders refuses to start. HTTP_PORT must be a port' });
  });

  it('SIGTERM before Nest listens: the signal still ends the process', () => {
    const child = runChild('signal-at-boot');
    expect(child.signal).toBe('SIGTERM');
    expect(child.stderr).toBe('orders received SIGTERM, shutting down\norders exiting on SIGTERM\n');
  });

  it("SIGTERM with Nest's shutdown hooks: Nest shuts down, then the signal ends the process", () => {
    const child = runChild('nest-stops');
    expect(child.signal).toBe('SIGTERM');
    expect(child.stderr).toBe('orders received SIGTERM, shutting down\nshutdown hook ran on SIGTERM\norders exiting on SIGTERM\n');
  });

  it('a shutdown that hangs: ended after the timeout, exit 1', () => {
    const child = runChild('nest-hangs');
    expect(child.status).toBe(1);
    expect(child.stderr).toBe(
      'orders received SIGTERM, shutting down\nshutdown hook ran on SIGTERM\norders did not shut down within 0.3 s of SIGTERM\norders exiting with code 1\n',
    );
  });
});
