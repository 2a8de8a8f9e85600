import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { BenchScale } from './bench-scale';
import { ProcessDirs } from './infra/bench-process';

/** What every part needs: the isolated runtime's addresses, clients, and where processes log. */
export interface BenchContext {
  scale: BenchScale;
  repoRoot: string;
  brokers: string[];
  mongoUrl: string;
  /** Pids of the runtime's servers (for CPU accounting), read from the runtime's pid files. */
  runtimePids: { kafka?: number; ferretdb?: number };
  /** Unique per run: database and consumer group names carry it. */
  runTag: string;
  dirs: ProcessDirs;
  kafka: Kafka;
  mongo: MongoClient;
  /**
   * The runtime is someone else's (the test runtime, in `make test`): its topics may hold other events,
   * so only this run's products are checked and earlier poison records may be dead-lettered.
   */
  sharedRuntime: boolean;
  /** The stream processor under test: this repo's dist, or a candidate build (BENCH_STREAM_PROCESSOR) to compare. */
  streamProcessorMain: string;
  /** Run the P1 stream processor under the V8 CPU profiler (a 1 ms sampler) and summarize where its time went. */
  cpuProfile: boolean;
  /** Progress lines (stderr); the table goes to stdout. */
  log(message: string): void;
}
