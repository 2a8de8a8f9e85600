import { readFileSync } from 'node:fs';

export interface RssSummary {
  /** VmHWM: the kernel's own peak resident set of the process (MiB), read at the last sample. */
  peakMiB: number | null;
  /** The largest VmRSS seen by the samples (MiB). */
  maxSampledMiB: number | null;
  samples: number;
}

/** A `VmXXX:  123 kB` line of /proc/<pid>/status in MiB, or null once the process is gone. */
function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : null;
  } catch {
    return null;
  }
}

const mib = (kib: number | null): number | null => (kib === null ? null : Math.round((kib / 1024) * 10) / 10);

/** Samples a process's resident set from /proc (VmRSS now, VmHWM its peak so far). */
export class RssSampler {
  private hwm: number | null = null;
  private maxRss: number | null = null;
  private samples = 0;

  constructor(private readonly pid: number | undefined) {}

  sample(): void {
    if (this.pid === undefined) return;
    const rss = statusKiB(this.pid, 'VmRSS');
    const hwm = statusKiB(this.pid, 'VmHWM');
    if (rss !== null) this.maxRss = Math.max(this.maxRss ?? 0, rss);
    if (hwm !== null) this.hwm = Math.max(this.hwm ?? 0, hwm);
    this.samples++;
  }

  summary(): RssSummary {
    return { peakMiB: mib(this.hwm), maxSampledMiB: mib(this.maxRss), samples: this.samples };
  }
}
