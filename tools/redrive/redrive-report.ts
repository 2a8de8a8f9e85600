import { DeadLetter, deadLetterId } from './dead-letter-entry';
import { describeFilter, RedriveFilter } from './redrive-filter';
import { countsOf, RedrivePlan } from './redrive-plan';

/** What a run did, printed at the end (and as JSON with --json). */
export interface RedriveSummary {
  dryRun: boolean;
  deadLettersRead: number;
  filteredOut: number;
  alreadyRedriven: number;
  unsendable: number;
  toSend: number;
  sent: number;
  failed: string | null;
}

const sampleLine = (d: DeadLetter): string =>
  `  ${deadLetterId(d.at)}  ${d.failedAt.toISOString()}  ${d.code}  group ${d.group || '-'}  → ${d.originalTopic}  key ${d.key ?? '-'}  (from ${d.originalPartition ?? '?'}/${d.originalOffset ?? '?'})${d.reason ? `: ${d.reason.slice(0, 120)}` : ''}`;

/** The plan in words: filter, counts by original topic, code and group, unsendable ones, a sample. */
export function planLines(plan: RedrivePlan, filter: RedriveFilter, sampleSize: number, dryRun: boolean): string[] {
  const lines = [`filter: ${describeFilter(filter)}`, `${dryRun ? 'would send' : 'to send'}: ${plan.send.length} (already redriven: ${plan.alreadyRedriven}, filtered out: ${plan.filteredOut}, unsendable: ${plan.unsendable.length})`];
  const rows = countsOf(plan.send);
  if (rows.length > 0) {
    const width = Math.max(...rows.map((r) => r.originalTopic.length), 'original topic'.length);
    const codeWidth = Math.max(...rows.map((r) => r.code.length), 'code'.length);
    lines.push(`  ${'original topic'.padEnd(width)}  ${'code'.padEnd(codeWidth)}  group  → count`);
    for (const r of rows) lines.push(`  ${r.originalTopic.padEnd(width)}  ${r.code.padEnd(codeWidth)}  ${r.group}  → ${r.count}`);
  }
  if (plan.unsendable.length > 0) {
    lines.push('unsendable (left in their dead-letter topics):');
    const reasons = new Map<string, number>();
    for (const u of plan.unsendable) reasons.set(u.why, (reasons.get(u.why) ?? 0) + 1);
    for (const [why, n] of reasons) lines.push(`  ${n} × ${why}`);
  }
  if (plan.send.length > 0 && sampleSize > 0) {
    lines.push(`sample (${Math.min(sampleSize, plan.send.length)} of ${plan.send.length}):`);
    for (const d of plan.send.slice(0, sampleSize)) lines.push(sampleLine(d));
  }
  return lines;
}

/** The last lines of a run. */
export function summaryLines(s: RedriveSummary): string[] {
  const head = s.dryRun ? `dry run: nothing sent; ${s.toSend} would be sent` : `sent ${s.sent} of ${s.toSend}`;
  const lines = [`${head} (read ${s.deadLettersRead} dead letters: ${s.alreadyRedriven} already redriven, ${s.filteredOut} filtered out, ${s.unsendable} unsendable)`];
  if (s.failed) lines.push(`FAILED: ${s.failed} — run again to send the rest (a batch cut short may go twice; consumers drop the duplicate)`);
  return lines;
}
