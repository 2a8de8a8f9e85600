import { MAX_EVENT_BYTES } from '@app/contracts';
import { KafkaMessage } from 'kafkajs';
import { deadLetterRecord, DLQ_HEADERS } from './dead-letter';

const message = (value: string): KafkaMessage => ({ key: Buffer.from('k-1'), value: Buffer.from(value), offset: '42', timestamp: '0', attributes: 0, headers: {} });
const source = (value: string) => ({ topic: 'product.events', partition: 3, message: message(value), groupId: 'g' });
const why = { code: 'BAD_JSON', reason: 'value is not JSON', attempts: 0 };

describe('deadLetterRecord', () => {
  it('keeps the key and value and says why and where in headers', () => {
    const record = deadLetterRecord('streams.deadletter', source('{nope'), why, new Date('2026-01-01T00:00:00Z'));
    expect(record).toMatchObject({ topic: 'streams.deadletter', key: 'k-1', value: '{nope' });
    expect(record.headers).toMatchObject({
      [DLQ_HEADERS.code]: 'BAD_JSON', [DLQ_HEADERS.reason]: 'value is not JSON', [DLQ_HEADERS.topic]: 'product.events',
      [DLQ_HEADERS.partition]: '3', [DLQ_HEADERS.offset]: '42', [DLQ_HEADERS.group]: 'g', [DLQ_HEADERS.failedAt]: '2026-01-01T00:00:00.000Z',
    });
    expect(record.headers).not.toHaveProperty(DLQ_HEADERS.valueOmitted);
  });

  it('leaves out an oversized value (it stays at its source offset) and records its size', () => {
    const record = deadLetterRecord('streams.deadletter', source('x'.repeat(MAX_EVENT_BYTES + 1)), { ...why, code: 'OVERSIZED' }, new Date());
    expect(record.value).toBe('');
    expect(record.headers?.[DLQ_HEADERS.valueOmitted]).toBe(String(MAX_EVENT_BYTES + 1));
  });

  it('keeps the original headers, but not the dlq-* headers of an earlier dead-lettering', () => {
    const withHeaders: KafkaMessage = { key: null, value: Buffer.from('{}'), offset: '1', timestamp: '0', attributes: 0, headers: { 'event-id': Buffer.from('e-1'), 'redrive-of': 'orders.deadletter/0/7', [DLQ_HEADERS.code]: Buffer.from('OLD') } };
    const record = deadLetterRecord('d', { ...source('{}'), message: withHeaders }, why, new Date());
    expect(record.headers).toMatchObject({ 'event-id': 'e-1', 'redrive-of': 'orders.deadletter/0/7', [DLQ_HEADERS.code]: 'BAD_JSON' });
  });

  it('cuts an overlong reason to 1,000 characters', () => {
    expect(deadLetterRecord('d', source('{}'), { ...why, reason: 'r'.repeat(5000) }, new Date()).headers?.[DLQ_HEADERS.reason]).toHaveLength(1000);
  });
});
