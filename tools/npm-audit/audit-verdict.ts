/** What `npm audit --json` printed, as far as the verdict needs it. */
interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity: string; via: (string | { source?: number; url?: string; severity?: string; title?: string })[] }>;
  statusCode?: number;
  message?: string;
  error?: unknown;
}

export interface Finding {
  packageName: string;
  severity: string;
  advisory: string;
  title: string;
}

export type AuditVerdict =
  | { status: 'clean'; counted: number }
  | { status: 'findings'; explained: Finding[]; unexplained: Finding[] }
  | { status: 'unreachable'; reason: string };

const GATING = new Set(['high', 'critical']);

/** The advisory id a finding is explained by in the README: its GHSA id (from the advisory URL). */
const advisoryOf = (url: string | undefined, source: number | undefined): string => /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/.exec(url ?? '')?.[0] ?? String(source ?? 'unknown');

/**
 * Judges an `npm audit --omit=dev --json` run: high and critical advisories fail unless the README names
 * their GHSA id; a report that is not an audit (the advisory service refused or was unreachable) is
 * `unreachable`, never `clean`.
 */
export function auditVerdict(output: string, readme: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { status: 'unreachable', reason: `npm audit printed no JSON report: ${output.trim().slice(0, 200) || '(nothing)'}` };
  }
  if (report.auditReportVersion === undefined || report.vulnerabilities === undefined) {
    return { status: 'unreachable', reason: report.message ?? `npm audit answered without a report (${JSON.stringify(report).slice(0, 200)})` };
  }
  const findings = Object.entries(report.vulnerabilities).flatMap(([packageName, v]) =>
    v.via
      .filter((via): via is Exclude<typeof via, string> => typeof via === 'object' && GATING.has(via.severity ?? ''))
      .map((via) => ({ packageName, severity: via.severity!, advisory: advisoryOf(via.url, via.source), title: via.title ?? '' })),
  );
  if (findings.length === 0) return { status: 'clean', counted: Object.keys(report.vulnerabilities).length };
  const explained = findings.filter((f) => f.advisory.startsWith('GHSA') && readme.includes(f.advisory));
  return { status: 'findings', explained, unexplained: findings.filter((f) => !explained.includes(f)) };
}
