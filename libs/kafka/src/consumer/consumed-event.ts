import { KnownEvent } from '@app/contracts';

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
