import { CUSTOMER_CHANGED, ORDER_CHANGED, PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { MAX_EVENT_BYTES } from '@app/contracts';

export type PoisonKind = 'bad-json' | 'unknown-type' | 'missing-fields' | 'wrong-schema-version' | 'oversized';

export const POISON_KINDS: PoisonKind[] = ['bad-json', 'unknown-type', 'missing-fields', 'wrong-schema-version', 'oversized'];

/** The decoder's code each kind must be dead-lettered with. */
export const EXPECTED_CODE: Record<PoisonKind, string[]> = {
  'bad-json': ['BAD_JSON'],
  'unknown-type': ['UNKNOWN_TYPE'],
  'missing-fields': ['INVALID_SCHEMA', 'INVALID_ENVELOPE'],
  'wrong-schema-version': ['UNSUPPORTED_VERSION'],
  oversized: ['OVERSIZED'],
};

/** The topics services consume, and the event type each carries. */
const SOURCES: [string, string][] = [
  [Topic.CustomerChange, CUSTOMER_CHANGED],
  [Topic.ProductEvents, PRODUCT_CHANGED],
  [Topic.ReviewEvents, REVIEW_ADDED],
  [Topic.OrderEvents, ORDER_CHANGED],
];

export interface PoisonRecord {
  topic: string;
  key: string;
  value: string;
  kind: PoisonKind;
}

/** The i-th malformed record: kinds and topics in turn, keyed `<prefix>-poison-<i>`. */
export function poisonRecord(prefix: string, i: number): PoisonRecord {
  const kind = POISON_KINDS[i % POISON_KINDS.length];
  const [topic, type] = SOURCES[Math.floor(i / POISON_KINDS.length) % SOURCES.length];
  const key = `${prefix}-poison-${i}`;
  const envelope = { eventId: `${key}-e`, type, schemaVersion: 1, aggregateId: key, aggregateVersion: 1, occurredAt: new Date().toISOString(), correlationId: 'chaos' };
  const values: Record<PoisonKind, () => string> = {
    'bad-json': () => `{"eventId": "${key}", "type": "${type}", "payload": {`,
    'unknown-type': () => JSON.stringify({ ...envelope, type: 'ChaosUnknownEvent', payload: {} }),
    'missing-fields': () => JSON.stringify({ ...envelope, payload: { change: 'Created' } }),
    'wrong-schema-version': () => JSON.stringify({ ...envelope, schemaVersion: 99, payload: {} }),
    oversized: () => JSON.stringify({ ...envelope, payload: { padding: 'x'.repeat(MAX_EVENT_BYTES + 1024) } }),
  };
  return { topic, key, value: values[kind](), kind };
}
