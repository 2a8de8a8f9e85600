#!/usr/bin/env node
// The count `make test` ends with: every step adds what it checked to one tally file (a JSON line per
// step), read from the reports the tools write themselves, never from their console output.
//   test-tally.mjs <tally-file> add <step> <kind> <report>   kind: jest | newman | fuzz | bench | chaos
//   test-tally.mjs <tally-file> check <step> passed|failed      one check that is not a report (lint, ...)
//   test-tally.mjs <tally-file> total                           prints "N passed, N failed"; exit 1 if any failed or none ran
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** [passed, failed] from each tool's own report. */
const COUNTERS = {
  // jest --json: a suite that failed to run (syntax error, hook timeout) counts as a failure even with no test.
  jest: (r) => [r.numPassedTests, r.numFailedTests + r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed')).length],
  // newman's JSON reporter: every assertion of every request.
  newman: (r) => [r.run.stats.assertions.total - r.run.stats.assertions.failed, r.run.stats.assertions.failed],
  // scripts/fuzz/summarize.py: every schemathesis check result, plus a failure per service it judged not ok
  // for another reason (too few requests, errors).
  fuzz: (r) => {
    let passed = 0;
    let failed = 0;
    for (const service of Object.values(r.services)) {
      for (const [key, n] of Object.entries(service.checks)) {
        if (key.endsWith(':success')) passed += n;
        else if (key.endsWith(':failure')) failed += n;
      }
      if (!service.ok && !Object.keys(service.checks).some((k) => k.endsWith(':failure'))) failed += 1;
    }
    return [passed, failed];
  },
  // bench results: each part is one correctness check (its problems are what is wrong).
  bench: (r) => [r.parts.filter((p) => p.problems.length === 0).length, r.parts.reduce((n, p) => n + p.problems.length, 0)],
  // chaos results: every check of every scenario.
  chaos: (r) => {
    const checks = r.scenarios.flatMap((s) => s.checks);
    return [checks.filter((c) => c.passed).length, checks.filter((c) => !c.passed).length];
  },
};

const [tally, command, step, kind, report] = process.argv.slice(2);
if (!tally || !command) {
  process.stderr.write('usage: test-tally.mjs <tally-file> add|check|total ...\n');
  process.exit(2);
}

if (command === 'add') {
  const count = COUNTERS[kind];
  if (!count) throw new Error(`unknown report kind ${kind}`);
  // A step that failed before it wrote its report has not checked what it should have: one failure.
  const [passed, failed] = existsSync(report) ? count(read(report)) : [0, 1];
  appendFileSync(tally, `${JSON.stringify({ step, passed, failed, report: existsSync(report) ? report : `missing: ${report}` })}\n`);
  process.stdout.write(`[tally] ${step}: ${passed} passed, ${failed} failed\n`);
} else if (command === 'check') {
  const ok = kind === 'passed';
  appendFileSync(tally, `${JSON.stringify({ step, passed: ok ? 1 : 0, failed: ok ? 0 : 1 })}\n`);
} else if (command === 'total') {
  const lines = existsSync(tally) ? readFileSync(tally, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const passed = lines.reduce((n, l) => n + l.passed, 0);
  const failed = lines.reduce((n, l) => n + l.failed, 0);
  for (const l of lines) process.stdout.write(`  ${l.step.padEnd(44)} ${String(l.passed).padStart(6)} passed ${String(l.failed).padStart(4)} failed\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
} else {
  throw new Error(`unknown command ${command}`);
}
