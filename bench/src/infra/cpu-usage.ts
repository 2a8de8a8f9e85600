import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Measures how much CPU each named process uses between `start()` and `stop()`. */
export class CpuMeter {
  private readonly startedAt = new Map<string, number>();
  private startTime = 0;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): void {
    this.startTime = performance.now();
    for (const [name, pid] of Object.entries(this.pids)) {
      const s = pid === undefined ? null : cpuSeconds(pid);
      if (s !== null) this.startedAt.set(name, s);
    }
  }

  /** Per process: CPU seconds used and the share of one core over the interval. */
  stop(): Record<string, { cpuSeconds: number; cores: number }> {
    const wall = (performance.now() - this.startTime) / 1000;
    const out: Record<string, { cpuSeconds: number; cores: number }> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.startedAt.get(name);
      const now = pid === undefined ? null : cpuSeconds(pid);
      if (before === undefined || now === null) continue;
      out[name] = { cpuSeconds: round(now - before, 2), cores: round((now - before) / wall, 2) };
    }
    return out;
  }
}

export const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;
