import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { waitFor } from '@app/testing/wait-for';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  profiledSeconds: number;
  /** Share of the profiled wall time the main thread was not idle (running JS, GC, native work). */
  busyShare: number;
  /** Self time by where the code comes from: (idle), (garbage collector), a package, node internals, project code. */
  byOrigin: { origin: string; seconds: number; share: number }[];
  /** The functions with the most self time. */
  topFunctions: { fn: string; seconds: number; share: number }[];
}

function originOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  return /\/dist\/(apps|libs)\//.test(url) ? 'project code (apps, libs)' : 'other';
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Self time per origin and per function, from the samples and their time deltas. */
export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const origins = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    total += us;
    const origin = originOf(frame);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${frame.lineNumber + 1}` : '';
    const fn = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const rank = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, seconds: round(us / 1e6, 2), share: round(us / total, 3) }));
  const idle = origins.get('(idle)') ?? 0;
  return {
    file,
    profiledSeconds: round(total / 1e6, 1),
    busyShare: round(1 - idle / total, 3),
    byOrigin: rank(origins, 12).map(({ name, seconds, share }) => ({ origin: name, seconds, share })),
    topFunctions: rank(functions, 15).map(({ name, seconds, share }) => ({ fn: name, seconds, share })),
  };
}

/** Starts the preloaded profiler (see cpu-profile-preload.ts); it notices within 250 ms. */
export function startProfile(file: string): void {
  writeFileSync(`${file}.start`, '');
}

/** Asks the preloaded profiler to write its profile (see cpu-profile-preload.ts), waits for it and summarizes it. */
export async function collectProfile(file: string): Promise<ProfileSummary> {
  writeFileSync(`${file}.stop`, '');
  await waitFor(() => existsSync(file), { timeoutMs: 60_000, intervalMs: 200, what: `the CPU profile ${file}` });
  // Written in one call, but give the writer a moment to finish a large file.
  await waitFor(() => { try { JSON.parse(readFileSync(file, 'utf8')); return true; } catch { return false; } }, { timeoutMs: 30_000, intervalMs: 200, what: 'a complete CPU profile' });
  return summarizeProfile(file);
}
