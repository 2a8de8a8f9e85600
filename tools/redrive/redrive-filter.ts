import { DEAD_LETTER_TOPICS, Topic } from '@app/contracts';
import { DeadLetter } from './dead-letter-entry';

/** Which dead letters a run is about; an empty list or an unset bound means "any". */
export interface RedriveFilter {
  topics: string[];
  codes: string[];
  groups: string[];
  since: Date | null;
  until: Date | null;
}

export interface FilterOptions {
  topic?: string[];
  code?: string[];
  group?: string[];
  since?: string;
  until?: string;
}

const KNOWN_TOPICS: readonly string[] = Object.values(Topic);

/** Turns the command line's filters into a RedriveFilter; throws with every problem found. */
export function parseFilter(options: FilterOptions): RedriveFilter {
  const problems: string[] = [];
  const topics = options.topic ?? [];
  for (const t of topics) {
    if (!KNOWN_TOPICS.includes(t) || DEAD_LETTER_TOPICS.includes(t as (typeof DEAD_LETTER_TOPICS)[number]) || t === Topic.RedriveLog) {
      problems.push(`--topic ${t}: not an event topic (one of ${KNOWN_TOPICS.filter((k) => !k.endsWith('.deadletter') && k !== Topic.RedriveLog).join(', ')})`);
    }
  }
  const since = parseTime('--since', options.since, problems);
  const until = parseTime('--until', options.until, problems);
  if (since && until && since.getTime() > until.getTime()) problems.push('--since is after --until');
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { topics, codes: options.code ?? [], groups: options.group ?? [], since, until };
}

/** True when the dead letter is one the run is about (time bounds: since inclusive, until exclusive). */
export function matches(filter: RedriveFilter, d: DeadLetter): boolean {
  if (filter.topics.length > 0 && (d.originalTopic === null || !filter.topics.includes(d.originalTopic))) return false;
  if (filter.codes.length > 0 && !filter.codes.includes(d.code)) return false;
  if (filter.groups.length > 0 && !filter.groups.includes(d.group)) return false;
  if (filter.since && d.failedAt.getTime() < filter.since.getTime()) return false;
  if (filter.until && d.failedAt.getTime() >= filter.until.getTime()) return false;
  return true;
}

/** A readable one-line description of the filter, for the report. */
export function describeFilter(f: RedriveFilter): string {
  const parts = [
    f.topics.length ? `topic ${f.topics.join('|')}` : '',
    f.codes.length ? `code ${f.codes.join('|')}` : '',
    f.groups.length ? `group ${f.groups.join('|')}` : '',
    f.since ? `since ${f.since.toISOString()}` : '',
    f.until ? `until ${f.until.toISOString()}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none (every dead letter)';
}

// An ISO 8601 date with a time and a zone: a bare date or local time would depend on where it runs.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(flag: string, text: string | undefined, problems: string[]): Date | null {
  if (text === undefined) return null;
  const at = new Date(text);
  if (!ISO_WITH_ZONE.test(text) || Number.isNaN(at.getTime())) {
    problems.push(`${flag} ${text}: not an ISO time with a zone (e.g. 2026-12-04T16:00:00Z)`);
    return null;
  }
  return at;
}
