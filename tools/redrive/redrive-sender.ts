import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { Kafka } from 'kafkajs';
import { DeadLetter } from './dead-letter-entry';
import { redrivenRecord, redriveLogRecord } from './redrive-plan';

/**
 * Sends dead letters back with the services' producer (idempotent, acks from all in-sync replicas, the
 * Java clients' murmur2 partitioner: the same key lands on the same partition as before), then logs
 * them. Logging only after Kafka acknowledged the records means a crash in between sends a dead letter
 * again on the next run — a duplicate the consumers drop — and never logs one that was not sent.
 */
export class RedriveSender {
  private readonly publisher: EventPublisher;

  constructor(kafka: Kafka) {
    this.publisher = new EventPublisher(kafka);
  }

  /** Sends one batch back, then writes its redrive log entries; resolves once both are acknowledged. */
  async send(batch: readonly DeadLetter[], redrivenAt: Date, runId: string): Promise<void> {
    await this.publisher.publish(batch.map((d) => redrivenRecord(d, redrivenAt)));
    await this.publisher.publish(batch.map((d) => redriveLogRecord(d, redrivenAt, runId)));
  }

  async stop(): Promise<void> {
    await this.publisher.disconnect();
  }
}
