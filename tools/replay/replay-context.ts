import { Admin, Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ReplayService, ServiceLocation } from './replay-targets';

/** What one replay run works with: the servers, where each service keeps its data, and the run's options. */
export interface ReplayContext {
  kafka: Kafka;
  admin: Admin;
  mongo: MongoClient;
  locations: Record<ReplayService, ServiceLocation>;
  /** Root of the built code: the service binaries run from there in rebuild mode. */
  distRoot: string;
  logDir: string;
  /** Extra environment for the rebuild processes (the service's own settings: thresholds, delays). */
  env: Record<string, string>;
  options: ReplayOptions;
  print: (line: string) => void;
}

export interface ReplayOptions {
  dryRun: boolean;
  keep: boolean;
  dropOld: boolean;
  sample: number;
  timeoutMs: number;
  handoverTimeoutMs: number;
  pollMs: number;
}
