import { ConfigError, validateConfig } from '@app/platform/config/validate-config';
import { OutboxConfig, outboxLeaseMs } from './outbox.config';

describe('OutboxConfig', () => {
  it('given nothing set, then the lease is derived from the publish timeout and batches stay under Kafka’s default 1 MB', () => {
    const config = validateConfig(OutboxConfig, {});
    expect(config.OUTBOX_PUBLISH_TIMEOUT_MS).toBe(60_000);
    expect(outboxLeaseMs(config)).toBe(80_000);
    expect(config.OUTBOX_MAX_BATCH_BYTES).toBeLessThan(1_048_588);
  });

  it('given a shorter publish timeout, then the derived lease follows it', () => {
    expect(outboxLeaseMs(validateConfig(OutboxConfig, { OUTBOX_PUBLISH_TIMEOUT_MS: '10000' }))).toBe(30_000);
  });

  it('given a lease that does not outlast the publish timeout, then the config is refused', () => {
    expect(() => validateConfig(OutboxConfig, { OUTBOX_LEASE_MS: '30000' })).toThrow(ConfigError);
    expect(() => validateConfig(OutboxConfig, { OUTBOX_LEASE_MS: '30000' })).toThrow(/OUTBOX_LEASE_MS must be at least/);
    expect(outboxLeaseMs(validateConfig(OutboxConfig, { OUTBOX_LEASE_MS: '30000', OUTBOX_PUBLISH_TIMEOUT_MS: '10000' }))).toBe(30_000);
  });

  it('given a batch limit below one kilobyte, then the config is refused', () => {
    expect(() => validateConfig(OutboxConfig, { OUTBOX_MAX_BATCH_BYTES: '100' })).toThrow(ConfigError);
  });
});
