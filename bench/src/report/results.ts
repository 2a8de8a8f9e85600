/** One line of the table: a measured figure, its baseline from the same run, and the target. */
export interface Row {
  part: string;
  figure: string;
  /** Already formatted for the table, e.g. "123,456 ev/s". */
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  /** Null where there is no target or nothing was measured. */
  met: boolean | null;
}

export type PartStatus = 'measured' | 'failed' | 'not measured yet';

export interface PartResult {
  id: 'P1' | 'P2' | 'P3' | 'P4';
  title: string;
  status: PartStatus;
  /** Why a smoke run fails: results that are wrong (never timings). */
  problems: string[];
  parameters: Record<string, unknown>;
  figures: Record<string, unknown>;
  rows: Row[];
}

export interface BenchResults {
  schemaVersion: 1;
  scale: 'full' | 'smoke' | 'custom';
  scaleDetail: unknown;
  sharedRuntime: boolean;
  streamProcessor: string;
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  dataset: Record<string, unknown>;
  parts: PartResult[];
}

const nf = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export const fmt = {
  rate: (n: number | null | undefined, unit = 'ev/s'): string => (n === null || n === undefined || !Number.isFinite(n) ? '—' : `${nf.format(n)} ${unit}`),
  ms: (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '—' : `${nf1.format(n)} ms`),
  ratio: (a: number | null | undefined, b: number | null | undefined): string =>
    a === null || a === undefined || b === null || b === undefined || !(b > 0) || !Number.isFinite(a) ? '—' : `${(a / b).toFixed(2)}×`,
  int: (n: number): string => nf.format(n),
};

/** a / b, or null when either is missing. */
export const ratioOf = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || !(b > 0) ? null : a / b;
