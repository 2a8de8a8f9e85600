import { StreamProcessorConfig } from '../stream-processor.config';
import { DerivedEventsGate } from './derived-events.gate';

const config = (rebuild: StreamProcessorConfig['REBUILD_VIEW']) => Object.assign(new StreamProcessorConfig(), { REBUILD_VIEW: rebuild });
const ctx = (partition: number, offset: string) => ({ topic: 'p', partition, offset });

describe('deriving business events around a generation switch', () => {
  it('derives none while rebuilding: the live generation published them', () => {
    expect(new DerivedEventsGate(config('catalogue')).mayDerive('catalogue', ctx(0, '0'))).toBe(false);
  });

  it('after a switch, derives only from records the previous generation had not handled', () => {
    const gate = new DerivedEventsGate(config(''));
    gate.handOver('catalogue', [{ topic: 'p', partition: 0, offset: '10' }, { topic: 'p', partition: 1, offset: '-1' }]);
    expect(gate.mayDerive('catalogue', ctx(0, '9'))).toBe(false);
    expect(gate.mayDerive('catalogue', ctx(0, '10'))).toBe(true);
    expect(gate.mayDerive('catalogue', ctx(1, '0'))).toBe(true);
    expect(gate.mayDerive('alerts', ctx(0, '3'))).toBe(true);
  });
});
