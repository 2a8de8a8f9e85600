import { DEAD_LETTER_TOPICS } from '@app/contracts';
import { createKafka } from '@app/kafka/client/create-kafka';
import { ServiceConfig } from '@app/platform/config/service.config';
import { ConfigError, validateConfig } from '@app/platform/config/validate-config';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { FilterOptions, parseFilter } from './redrive-filter';
import { redrive } from './redrive-run';

interface CliOptions extends FilterOptions {
  from?: string[];
  dryRun?: boolean;
  json?: boolean;
  progress: boolean;
  sample: number;
  batchSize: number;
  readTimeout: number;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('not a whole number');
  return n;
};
const deadLetterTopic = (value: string, previous: string[] = []) => {
  if (!(DEAD_LETTER_TOPICS as readonly string[]).includes(value)) throw new InvalidArgumentError(`not a dead-letter topic (${DEAD_LETTER_TOPICS.join(', ')})`);
  return collect(value, previous);
};
/** Exit codes: 1 a failed run, 2 bad options, 78 a bad environment (as the services). */
const EXIT = { failed: 1, usage: 2, config: 78 } as const;

const parseOrExit = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    return program.error((error as Error).message, { exitCode: EXIT.usage });
  }
};

/** Sends dead-lettered records back to their original topics, each once; see README.md, Redrive. */
const program = new Command('redrive')
  .description(
    'Send dead-lettered records back to the topic they came from, so every consumer of that topic sees them again ' +
      '(consumers drop what they already applied). Each dead letter sent is logged in the topic redrive.log and never sent again ' +
      'by a later run. Kafka settings come from the environment, as for the services: KAFKA_BROKERS, KAFKA_SSL, ' +
      'KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_CLIENT_ID.',
  )
  .option('--dry-run', 'print what would be sent (counts by original topic, code and group, and a sample); send nothing')
  .option('--topic <topic>', 'only dead letters consumed from this original topic (repeatable)', collect)
  .option('--code <code>', 'only dead letters with this dlq-code, e.g. RETRIES_EXHAUSTED, HANDLER_REJECTED (repeatable)', collect)
  .option('--group <group>', 'only dead letters written by this consumer group, e.g. orders, stream-processor.catalogue, audit (repeatable)', collect)
  .option('--since <time>', 'only dead letters written at or after this ISO time (e.g. 2026-12-04T16:00:00Z)')
  .option('--until <time>', 'only dead letters written before this ISO time')
  .option('--from <dead-letter topic>', `read only this dead-letter topic (repeatable; default: all of them: ${DEAD_LETTER_TOPICS.join(', ')})`, deadLetterTopic)
  .option('--sample <n>', 'how many dead letters to print as a sample', wholeNumber, 5)
  .option('--json', 'print the summary as one JSON line (no plan, no progress bar)')
  .option('--no-progress', 'no progress bar (there is none anyway when stderr is not a terminal)')
  .option('--batch-size <n>', 'dead letters sent (then logged) per step, at most 900,000 bytes', wholeNumber, 100)
  .option('--read-timeout <seconds>', 'give up if the topics cannot be read to their ends by then', wholeNumber, 300)
  .showHelpAfterError('(redrive --help lists the options)')
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT.usage))
  .action(async (opts: CliOptions) => {
    const filter = parseOrExit(() => parseFilter(opts));
    if (opts.batchSize < 1) program.error('--batch-size must be at least 1', { exitCode: EXIT.usage });
    const config = validateConfig(ServiceConfig, process.env);
    // KafkaJS warnings go to stderr as JSON, away from the report on stdout.
    const kafka = createKafka(config, 'redrive', pino({ level: 'warn' }, pino.destination(2)).child({ component: 'kafkajs' }));
    const summary = await redrive(kafka, {
      deadLetterTopics: opts.from ?? DEAD_LETTER_TOPICS,
      filter,
      dryRun: opts.dryRun ?? false,
      json: opts.json ?? false,
      progress: opts.progress && !opts.json && process.stderr.isTTY === true,
      sample: opts.sample,
      batchSize: opts.batchSize,
      readTimeoutMs: opts.readTimeout * 1000,
      now: () => new Date(),
      print: (line) => process.stdout.write(`${line}\n`),
    });
    if (summary.failed) process.exitCode = EXIT.failed;
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`redrive: ${error.message}\n`);
    process.exit(EXIT.config);
  }
  process.stderr.write(`redrive failed: ${(error as Error).message}\n`);
  process.exit(EXIT.failed);
});
