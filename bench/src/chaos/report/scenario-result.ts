/** A check a scenario makes; the run fails if any check fails. */
export interface Check {
  name: string;
  passed: boolean;
  /** What was seen (first offenders, counts). */
  detail: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  parameters: Record<string, number | string>;
  figures: Record<string, number | string>;
  checks: Check[];
  startedAt: string;
  seconds: number;
}

export const passed = (r: ScenarioResult): boolean => r.checks.length > 0 && r.checks.every((c) => c.passed);

/** A check that the list is empty, naming the first few offenders. */
export function none(name: string, offenders: string[]): Check {
  return { name, passed: offenders.length === 0, detail: offenders.length === 0 ? 'none' : `${offenders.length}: ${offenders.slice(0, 5).join(', ')}${offenders.length > 5 ? ', …' : ''}` };
}

export function check(name: string, passed: boolean, detail: string): Check {
  return { name, passed, detail };
}
