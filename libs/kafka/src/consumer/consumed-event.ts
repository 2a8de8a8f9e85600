import { decodeEvent, KnownEvent } from '@app/contracts';
import { Batch, KafkaMessage } from 'kafkajs';
import { DeadLetterReason } from './dead-letter';

/** Where a consumed event came from; handlers may use it for idempotency or logging. */
export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  timestamp: string;
}

export interface ConsumedEvent {
  event: KnownEvent;
  ctx: MessageContext;
}

export type EventHandler = (event: KnownEvent, ctx: MessageContext) => Promise<void>;
/** Handles a whole fetched batch of one partition at once (decoded, in offset order). */
export type BatchEventHandler = (events: ConsumedEvent[]) => Promise<void>;

/** A fetched record as the event it holds, or why it holds none (dead-lettered at once). */
export function decodeRecord(batch: Batch, message: KafkaMessage): ConsumedEvent | DeadLetterReason {
  const decoded = decodeEvent(message.value);
  if (!decoded.ok) return { code: decoded.code, reason: decoded.reason, attempts: 0 };
  const ctx = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString(), timestamp: message.timestamp };
  return { event: decoded.event, ctx };
}
