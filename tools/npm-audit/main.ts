import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerdict } from './audit-verdict';

// `make test`'s npm audit step: production dependencies, high and critical advisories. Exit 0 when clean
// or every finding is explained in README.md; 1 on an unexplained finding; 2 when there was no audit
// (the registry's advisory service refused or was unreachable) — scripts/npm-audit.sh decides what 2 means.
const root = join(__dirname, '..', '..', '..');
const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const verdict = auditVerdict(run.stdout ?? '', readFileSync(join(root, 'README.md'), 'utf8'));
const line = (text: string): boolean => process.stdout.write(`${text}\n`);

if (verdict.status === 'clean') {
  line(`npm audit (production dependencies): no high or critical advisory (${verdict.counted} lower-severity package(s) reported).`);
  process.exit(0);
}
if (verdict.status === 'findings') {
  for (const f of verdict.explained) line(`explained in README.md: ${f.severity} ${f.advisory} in ${f.packageName}: ${f.title}`);
  for (const f of verdict.unexplained) line(`NOT EXPLAINED: ${f.severity} ${f.advisory} in ${f.packageName}: ${f.title}`);
  process.exit(verdict.unexplained.length > 0 ? 1 : 0);
}
line(`npm audit DID NOT RUN: ${verdict.reason}`);
process.exit(2);
