import { BenchResults, Row } from './results';

const cells = (r: Row): string[] => [r.part, r.figure, r.measured, r.baseline, r.ratio, r.target, r.met === null ? '—' : r.met ? 'yes' : '**no**'];

/** The results as a markdown table (figure, baseline, ratio, target, met?). */
export function markdownTable(results: BenchResults): string {
  const header = ['part', 'figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'met?'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const part of results.parts) for (const row of part.rows) lines.push(`| ${cells(row).join(' | ')} |`);
  return lines.join('\n');
}
