import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ProcessDirs } from '../infra/bench-process';
import { ChaosScale } from './chaos-scale';
import { ServerControl } from './infra/server-control';

/** What every scenario needs: the runtime's addresses and clients, a way to stop its servers, where processes log. */
export interface ChaosContext {
  scale: ChaosScale;
  repoRoot: string;
  brokers: string[];
  mongoUrl: string;
  kafka: Kafka;
  mongo: MongoClient;
  servers: ServerControl;
  /** Unique per run: databases, consumer groups and ids carry it. */
  runTag: string;
  dirs: ProcessDirs;
  log(message: string): void;
}
