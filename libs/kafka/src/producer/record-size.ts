import { OutgoingRecord } from './outgoing-record';

/**
 * Fixed part of a Kafka record batch (magic v2): base offset, length, leader epoch, magic, CRC,
 * attributes, last offset delta, first and max timestamp, producer id and epoch, base sequence, count.
 */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

/** The broker's default `message.max.bytes` (1 MiB plus the 12-byte log overhead). */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

// The two deltas depend on where the record lands in its batch; count their largest encodings.
const MAX_TIMESTAMP_DELTA_BYTES = 10;
const MAX_OFFSET_DELTA_BYTES = 5;

/** Bytes of a zig-zag varint, as Kafka's record format v2 writes lengths. */
export function varIntBytes(value: number): number {
  let encoded = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (encoded >= 128) {
    encoded = Math.floor(encoded / 128);
    bytes += 1;
  }
  return bytes;
}

const lengthPrefixed = (text: string): number => {
  const bytes = Buffer.byteLength(text);
  return varIntBytes(bytes) + bytes;
};

/** Upper bound of the bytes one record adds to a record batch: key, value and headers as sent, with their framing. */
export function recordBytes(record: Pick<OutgoingRecord, 'key' | 'value' | 'headers'>): number {
  const headers = Object.entries(record.headers ?? {});
  const body =
    1 + // attributes
    MAX_TIMESTAMP_DELTA_BYTES +
    MAX_OFFSET_DELTA_BYTES +
    lengthPrefixed(record.key) +
    lengthPrefixed(record.value) +
    varIntBytes(headers.length) +
    headers.reduce((sum, [k, v]) => sum + lengthPrefixed(k) + lengthPrefixed(v), 0);
  return varIntBytes(body) + body;
}
