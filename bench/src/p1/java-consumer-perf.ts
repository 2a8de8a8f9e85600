import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchContext } from '../bench-context';

const run = promisify(execFile);

export interface JavaPerfResult {
  perTopic: { topic: string; messages: number; fetchSeconds: number; fetchMessagesPerSecond: number }[];
  /** All messages over the summed fetch times (the tool reads one topic per run; the runs are sequential). */
  eventsPerSecond: number;
  events: number;
}

/**
 * Baseline (c), the limit: Kafka's own Java consumer (ConsumerPerformance, the same fetch size per partition) over
 * each topic in turn. Its fetch.nMsg.sec leaves out the group join, as the other figures start at the first batch.
 */
export async function javaConsumerPerf(ctx: BenchContext, topics: { topic: string; messages: number }[]): Promise<JavaPerfResult> {
  const perTopic: JavaPerfResult['perTopic'] = [];
  for (const { topic, messages } of topics) {
    const { stdout } = await run(
      'bash',
      [join(ctx.repoRoot, 'scripts/runtime/kafka.sh'), 'org.apache.kafka.tools.ConsumerPerformance', '--bootstrap-server', ctx.brokers.join(','), '--topic', topic,
        '--messages', String(messages), '--group', `bench-java-${ctx.runTag}-${topic}`, '--fetch-size', String(ctx.scale.p1.fetchMaxBytes), '--hide-header', '--timeout', '60000'],
      { env: { ...process.env, KAFKA_TOOL_OPTS: '-Xmx512m' }, maxBuffer: 1024 * 1024 },
    );
    // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    const line = stdout.trim().split('\n').pop() ?? '';
    const cols = line.split(',').map((c) => c.trim());
    const consumed = Number(cols[4]);
    const fetchSeconds = Number(cols[7]) / 1000;
    if (!(consumed >= messages) || !(fetchSeconds > 0)) throw new Error(`ConsumerPerformance on ${topic}: unexpected output "${line}"`);
    perTopic.push({ topic, messages: consumed, fetchSeconds, fetchMessagesPerSecond: Number(cols[9]) });
  }
  const events = perTopic.reduce((s, t) => s + t.messages, 0);
  const seconds = perTopic.reduce((s, t) => s + t.fetchSeconds, 0);
  return { perTopic, events, eventsPerSecond: events / seconds };
}
