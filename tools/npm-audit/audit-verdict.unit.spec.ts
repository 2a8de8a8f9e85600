import { auditVerdict } from './audit-verdict';

const report = (vulnerabilities: Record<string, unknown>) => JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });
const advisory = (severity: string, ghsa: string) => ({ source: 1, title: `a ${severity} one`, url: `https://github.com/advisories/${ghsa}`, severity });

describe('npm audit verdict', () => {
  it('is clean with no advisory, or only moderate and low ones', () => {
    expect(auditVerdict(report({}), '')).toEqual({ status: 'clean', counted: 0 });
    expect(auditVerdict(report({ qs: { severity: 'moderate', via: [advisory('moderate', 'GHSA-aaaa-bbbb-cccc')] } }), '')).toEqual({ status: 'clean', counted: 1 });
  });

  it('fails a high or critical advisory unless the README names its GHSA id', () => {
    const out = report({
      a: { severity: 'critical', via: [advisory('critical', 'GHSA-2222-3333-4444')] },
      b: { severity: 'high', via: ['a', advisory('high', 'GHSA-5555-6666-7777')] },
    });
    const verdict = auditVerdict(out, '| GHSA-2222-3333-4444 | not reachable from our code |');
    expect(verdict).toMatchObject({
      status: 'findings',
      explained: [{ packageName: 'a', advisory: 'GHSA-2222-3333-4444', severity: 'critical' }],
      unexplained: [{ packageName: 'b', advisory: 'GHSA-5555-6666-7777', severity: 'high' }],
    });
  });

  it('never reads a refused or unreachable advisory service as clean', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '' } });
    expect(auditVerdict(refused, '')).toEqual({ status: 'unreachable', reason: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk' });
    expect(auditVerdict('', '').status).toBe('unreachable');
    expect(auditVerdict('npm error network ENOTFOUND', '').status).toBe('unreachable');
    expect(auditVerdict(JSON.stringify({ error: { code: 'ENOAUDIT' } }), '').status).toBe('unreachable');
  });
});
