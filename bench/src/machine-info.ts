import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine the figures were measured on. */
export function machineInfo(): Record<string, unknown> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
    date: new Date().toISOString(),
  };
}
