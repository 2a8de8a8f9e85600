import { BenchResults, Row } from './results';

const met = (r: Row, smoke: boolean): string => (r.met === null ? '—' : smoke ? '(smoke)' : r.met ? 'yes' : '**no**');
const cells = (r: Row, smoke: boolean, load: string): string[] => [r.part, r.figure, r.measured, r.baseline, r.ratio, r.target, met(r, smoke), load];

/** "before → after" of a part's 1-minute load average, if recorded. */
function loadOf(parameters: Record<string, unknown>): string {
  const load = parameters.loadAverage1m as { before?: number; after?: number } | undefined;
  return load && load.before !== undefined ? `${load.before} → ${load.after}` : '';
}

/** The results as a markdown table (figure, baseline, ratio, target, met?, load), under a line naming the scale and machine; a smoke run's timings are not judged. */
export function markdownTable(results: BenchResults): string {
  const { dataset, machine } = results;
  const heading =
    `scale **${results.scale}**: ${Number(dataset.events).toLocaleString('en-GB')} events, ${Number(dataset.products).toLocaleString('en-GB')} products; ` +
    `${String(machine.cpus)} CPUs (${String(machine.cpuModel)}), load average at start ${JSON.stringify(machine.loadAverageAtStart)}; ${results.startedAt}`;
  const header = ['part', 'figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'met?', 'load 1m before → after'];
  const lines = [heading, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const part of results.parts) for (const row of part.rows) lines.push(`| ${cells(row, results.scale === 'smoke', loadOf(part.parameters)).join(' | ')} |`);
  return lines.join('\n');
}
