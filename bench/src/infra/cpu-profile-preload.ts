/**
 * Loaded with `node --require` into a process under test when BENCH_CPU_PROFILE_FILE is set: runs the V8
 * CPU profiler from when `<file>.start` appears (so start-up is left out) and writes the profile to that
 * file once `<file>.stop` appears. (`--cpu-prof`
 * only writes at a normal exit, and the services end by re-raising the shutdown signal, so it never would.)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  let started = false;
  const poll = setInterval(() => {
    if (!started && existsSync(`${file}.start`)) {
      started = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
    }
    if (!started || !existsSync(`${file}.stop`)) return;
    clearInterval(poll);
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  }, 250);
  poll.unref();
}
