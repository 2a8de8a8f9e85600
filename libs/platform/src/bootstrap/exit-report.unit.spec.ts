import { errorFields, ExitReport, logLine, PinoLevel, stderrLine } from './exit-report';

const origin = { time: 1_767_225_600_000, pid: 4242, hostname: 'box-1' };

describe('errorFields', () => {
  it('keeps the class, message and stack of an Error', () => {
    const error = new TypeError('boom');
    expect(errorFields(error)).toEqual({ type: 'TypeError', message: 'boom', stack: error.stack });
    expect(errorFields(error).stack).toMatch(/^TypeError: boom\n {4}at /);
  });

  it('describes what is not an Error, without a stack', () => {
    expect(errorFields('just a string')).toEqual({ type: 'string', message: 'just a string' });
    expect(errorFields({ code: 'E42', nested: { deep: true } })).toEqual({ type: 'object', message: '{ code: \'E42\', nested: { deep: true } }' });
    expect(errorFields(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });
});

describe('logLine', () => {
  it('is one JSON line in pino shape, with the service and the error', () => {
    const error = new Error('disk on fire');
    const report: ExitReport = { service: 'orders', level: PinoLevel.fatal, text: 'crashed: uncaught exception: disk on fire', error };

    const line = logLine(report, origin);

    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      level: 60,
      time: 1_767_225_600_000,
      pid: 4242,
      hostname: 'box-1',
      service: 'orders',
      msg: 'orders crashed: uncaught exception: disk on fire',
      err: { type: 'Error', message: 'disk on fire', stack: error.stack },
    });
  });

  it('has no err field when there is no error', () => {
    const line = JSON.parse(logLine({ service: 'audit', level: PinoLevel.info, text: 'received SIGTERM, shutting down' }, origin));
    expect(line).toEqual({ level: 30, time: origin.time, pid: 4242, hostname: 'box-1', service: 'audit', msg: 'audit received SIGTERM, shutting down' });
  });
});

describe('stderrLine', () => {
  it('is the sentence, then the stack', () => {
    const error = new RangeError('too far');
    const text = stderrLine({ service: 'catalog', level: PinoLevel.fatal, text: 'crashed: unhandled rejection: too far', error });
    expect(text).toBe(`catalog crashed: unhandled rejection: too far\n${error.stack}\n`);
    expect(text).toMatch(/^catalog crashed: unhandled rejection: too far\nRangeError: too far\n {4}at .*exit-report\.unit\.spec\.ts/);
  });

  it('is the sentence alone without an error or for a value without a stack', () => {
    expect(stderrLine({ service: 'accounts', level: PinoLevel.fatal, text: 'refuses to start. PORT is bad' })).toBe('accounts refuses to start. PORT is bad\n');
    expect(stderrLine({ service: 'loyalty', level: PinoLevel.fatal, text: 'crashed: unhandled rejection: nope', error: 'nope' })).toBe('loyalty crashed: unhandled rejection: nope\n');
  });
});
