import { recordBytes, varIntBytes } from './record-size';

// KafkaJS's own encoder of a record (format v2): what the producer really writes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: {
  offsetDelta: number;
  timestampDelta: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}) => { size(): number };

describe('recordBytes', () => {
  it('given zig-zag varints, then sizes match Kafka: 0..63 one byte, 64 two, -1 one', () => {
    expect([0, 63, 64, 8191, 8192, -1, -64, -65].map(varIntBytes)).toEqual([1, 1, 2, 2, 3, 1, 1, 2]);
  });

  it.each([
    ['small', 'k', 'v', {}],
    ['with headers', 'order-1', '{"a":1}', { 'event-id': 'e1', 'event-type': 'OrderChanged', 'correlation-id': 'c' }],
    ['large and non-ASCII', 'ключ', 'é'.repeat(200_000), { 'event-id': 'x'.repeat(300) }],
  ])('given a %s record, then it is never smaller than KafkaJS encodes it and at most 14 bytes larger', (_name, key, value, headers) => {
    for (const [offsetDelta, timestampDelta] of [[0, 0], [499, 3], [70_000, 250]]) {
      const actual = encodeRecord({ offsetDelta, timestampDelta, key, value, headers }).size();
      const estimated = recordBytes({ key, value, headers });
      expect(estimated).toBeGreaterThanOrEqual(actual);
      expect(estimated - actual).toBeLessThanOrEqual(14);
    }
  });
});
