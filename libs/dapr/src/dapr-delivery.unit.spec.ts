import { deliveredRecord } from './dapr-delivery';

describe('deliveredRecord', () => {
  it('reads the record from data_base64, else from data', () => {
    expect(deliveredRecord({ data_base64: Buffer.from('{"a":1}').toString('base64') })).toBe('{"a":1}');
    expect(deliveredRecord({ data: '{"a":1}' })).toBe('{"a":1}');
    expect(deliveredRecord({ data: { a: 1 } })).toBe('{"a":1}');
  });

  it('gives an undecodable empty record for a body that is no CloudEvent, so the delivery is dropped, not a 500', () => {
    for (const body of [undefined, null, 'x', 42, [], [{ data: 'x' }]]) expect(deliveredRecord(body)).toBe('');
  });
});
