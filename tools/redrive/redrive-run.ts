import { Topic } from '@app/contracts';
import { SingleBar } from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { DeadLetter, deadLetterId, toDeadLetter } from './dead-letter-entry';
import { RedriveFilter } from './redrive-filter';
import { indexLogRecord, planRedrive, stepsOf } from './redrive-plan';
import { planLines, RedriveSummary, summaryLines } from './redrive-report';
import { RedriveSender } from './redrive-sender';
import { readToEnd } from './topic-reader';

export interface RedriveOptions {
  deadLetterTopics: readonly string[];
  filter: RedriveFilter;
  dryRun: boolean;
  json: boolean;
  progress: boolean;
  sample: number;
  batchSize: number;
  readTimeoutMs: number;
  now: () => Date;
  print: (line: string) => void;
}

/** One run: read the redrive log and the dead-letter topics to their ends, plan, then (unless a dry run) send back. */
export async function redrive(kafka: Kafka, options: RedriveOptions): Promise<RedriveSummary> {
  await requireTopics(kafka, [Topic.RedriveLog, ...options.deadLetterTopics]);
  const sender = options.dryRun ? null : new RedriveSender(kafka);
  try {
    const redriven = { deadLetters: new Set<string>(), originals: new Set<string>() };
    const deadLetters = new Map<string, DeadLetter>();
    await readToEnd(
      kafka,
      [Topic.RedriveLog, ...options.deadLetterTopics],
      (raw) => {
        if (raw.topic === Topic.RedriveLog) indexLogRecord(redriven, raw.key, raw.value);
        else {
          const d = toDeadLetter(raw);
          deadLetters.set(deadLetterId(d.at), d);
        }
      },
      options.readTimeoutMs,
    );
    const plan = planRedrive([...deadLetters.values()], redriven, options.filter);
    if (!options.json) planLines(plan, options.filter, options.sample, options.dryRun).forEach((l) => options.print(l));
    const summary: RedriveSummary = {
      dryRun: options.dryRun,
      deadLettersRead: deadLetters.size,
      filteredOut: plan.filteredOut,
      alreadyRedriven: plan.alreadyRedriven,
      unsendable: plan.unsendable.length,
      toSend: plan.send.length,
      sent: 0,
      failed: null,
    };
    if (sender && plan.send.length > 0) await sendAll(sender, plan.send, summary, options);
    if (options.json) options.print(JSON.stringify(summary));
    else summaryLines(summary).forEach((l) => options.print(l));
    return summary;
  } finally {
    await sender?.stop();
  }
}

async function sendAll(sender: RedriveSender, send: DeadLetter[], summary: RedriveSummary, options: RedriveOptions): Promise<void> {
  const bar = options.progress ? new SingleBar({ format: 'redrive [{bar}] {percentage}% | {value}/{total} dead letters | ETA {eta_formatted}', hideCursor: true }) : null;
  bar?.start(send.length, 0);
  const runId = randomUUID();
  try {
    for (const step of stepsOf(send, options.batchSize, options.now())) {
      await sender.send(step, options.now(), runId);
      summary.sent += step.length;
      bar?.update(summary.sent);
    }
  } catch (error) {
    summary.failed = (error as Error).message;
  } finally {
    bar?.stop();
  }
}

async function requireTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) throw new Error(`missing topics: ${missing.join(', ')} — create them with make topics`);
  } finally {
    await admin.disconnect();
  }
}
