import { passed, ScenarioResult } from './scenario-result';

export interface ChaosResults {
  schemaVersion: 1;
  scale: string;
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  scenarios: ScenarioResult[];
}

const cell = (v: string | number): string => String(v).replace(/\|/g, '\\|');

/** One row per scenario (its figures in one cell), then every check with its verdict. */
export function chaosTable(results: ChaosResults): string {
  const lines = [
    `chaos, scale **${results.scale}**: ${String(results.machine.cpus)} CPUs, ${results.startedAt}`,
    '',
    '| scenario | figures | checks passed | time (s) | load 1m |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of results.scenarios) {
    const figures = Object.entries(s.figures).map(([k, v]) => `${k}: ${v}`).join('; ');
    lines.push(`| ${cell(s.title)} | ${cell(figures)} | ${s.checks.filter((c) => c.passed).length}/${s.checks.length}${passed(s) ? '' : ' **FAILED**'} | ${s.seconds} | ${cell(s.parameters.loadAverage1m ?? '')} |`);
  }
  lines.push('', '| scenario | check | result |', '| --- | --- | --- |');
  for (const s of results.scenarios) for (const c of s.checks) lines.push(`| ${s.id} | ${cell(c.name)} | ${c.passed ? 'pass' : `**FAIL** (${cell(c.detail)})`} |`);
  return lines.join('\n');
}
