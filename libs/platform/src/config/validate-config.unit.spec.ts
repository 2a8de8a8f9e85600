import { IsInt } from 'class-validator';
import { EnvInt } from './env-transforms';
import { ServiceConfig } from './service.config';
import { ConfigError, validateConfig } from './validate-config';

class TestConfig extends ServiceConfig {
  @EnvInt()
  @IsInt()
  EXTRA = 5;
}

describe('validateConfig', () => {
  it('fills defaults and converts environment strings', () => {
    const config = validateConfig(TestConfig, { HTTP_PORT: '4000', KAFKA_BROKERS: 'a:1, b:2', KAFKA_SSL: 'true', EXTRA: '7', PATH: '/bin' });
    expect(config).toMatchObject({ HTTP_PORT: 4000, KAFKA_BROKERS: ['a:1', 'b:2'], KAFKA_SSL: true, EXTRA: 7, MONGO_URL: 'mongodb://127.0.0.1:27017' });
    expect(config).not.toHaveProperty('PATH');
  });

  it('lists every problem at once', () => {
    expect.assertions(2);
    try {
      validateConfig(TestConfig, { HTTP_PORT: 'x', MONGO_URL: 'http://nope', KAFKA_SASL_MECHANISM: 'plain', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(
        ['HTTP_PORT', 'HTTP_PORT', 'HTTP_PORT', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME', 'LOG_LEVEL', 'MONGO_URL'].sort(),
      );
    }
  });
});
