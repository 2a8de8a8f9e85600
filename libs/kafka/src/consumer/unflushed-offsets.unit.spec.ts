import { nextOffset, UnflushedOffsets } from './unflushed-offsets';

describe('UnflushedOffsets', () => {
  it('keeps, per partition, the first offset applied since the last commit and the last one', () => {
    const offsets = new UnflushedOffsets();
    offsets.applied('t', 0, '10', '19');
    offsets.applied('t', 0, '20', '29');
    offsets.applied('t', 1, '5', '5');
    expect(offsets.take()).toEqual([
      { topic: 't', partition: 0, from: '10', to: '29' },
      { topic: 't', partition: 1, from: '5', to: '5' },
    ]);
    expect(offsets.isEmpty()).toBe(true);
  });

  it('puts back ranges whose commit failed, merged with what was applied since', () => {
    const offsets = new UnflushedOffsets();
    offsets.applied('t', 0, '10', '19');
    const failed = offsets.take();
    offsets.applied('t', 0, '20', '29');
    offsets.restore(failed);
    expect(offsets.take()).toEqual([{ topic: 't', partition: 0, from: '10', to: '29' }]);
  });

  it('commits the offset after the last applied record', () => {
    expect(nextOffset({ to: '9007199254740993' })).toBe('9007199254740994');
  });
});
