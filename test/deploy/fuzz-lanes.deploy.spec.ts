import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './deploy-support';

const LANES = join(ROOT, 'scripts/fuzz/lanes.sh');

/** Runs a bash script with scripts/fuzz/lanes.sh sourced, in a fresh directory ($tmp); returns its stdout lines. */
function bash(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-'));
  try {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', `source "$LANES"\n${script}`], {
      env: { ...process.env, LANES, tmp: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status !== 0) throw new Error(`bash exited ${String(run.status)}: ${run.stderr}`);
    return run.stdout.split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fuzz lanes (scripts/fuzz/lanes.sh)', () => {
  it('a lane that starts after another has claimed a name never takes that name again', () => {
    // Lane one claims stream-processor and holds it; lane two starts only then, and sees the queue as it
    // is after that claim (the order a loaded machine gave the CI run that fuzzed "stream-processor.claimed.26149").
    const lines = bash(`
      hold() { echo "one:$1"; while [ ! -f "$tmp/release" ]; do sleep 0.02; done; }
      take() { echo "two:$1"; }
      lanes_queue "$tmp/q" stream-processor catalog accounts
      lanes_take "$tmp/q" hold & one=$!
      while [ ! -f "$tmp/q/claimed/000-stream-processor" ]; do sleep 0.02; done
      lanes_take "$tmp/q" take
      touch "$tmp/release"; wait "$one"
    `);
    expect(lines.sort()).toEqual(['one:stream-processor', 'two:accounts', 'two:catalog']);
  });

  it('runs every queued name exactly once, in queue order per lane, whatever the number of lanes', () => {
    const names = ['stream-processor', 'catalog', 'accounts', 'orders', 'audit', 'loyalty'];
    for (const lanes of [1, 2, 3, 7]) {
      const lines = bash(`
        note() { sleep 0.0$((RANDOM % 5)); echo "$BASHPID $1"; }
        lanes_queue "$tmp/q" ${names.join(' ')}
        lanes_run "$tmp/q" ${lanes} note
      `);
      expect(lines.map((line) => line.split(' ')[1]).sort()).toEqual([...names].sort());
      const byLane = new Map<string, string[]>();
      for (const [lane, name] of lines.map((line) => line.split(' '))) byLane.set(lane, [...(byLane.get(lane) ?? []), name]);
      for (const taken of byLane.values()) expect(taken).toEqual(names.filter((name) => taken.includes(name)));
      expect(byLane.size).toBeLessThanOrEqual(lanes);
    }
  });

  it('fails when a lane fails', () => {
    expect(() => bash(`fail() { [ "$1" != audit ]; }; lanes_queue "$tmp/q" accounts audit; lanes_run "$tmp/q" 2 fail`)).toThrow(/exited 1/);
  });
});
