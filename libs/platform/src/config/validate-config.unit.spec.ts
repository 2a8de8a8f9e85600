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

  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      validateConfig(ServiceConfig, env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  describe('Kafka SASL and MongoDB TLS', () => {
    it('accepts SASL_SSL with a mechanism, username and password', () => {
      const config = validateConfig(ServiceConfig, { KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
      expect(config).toMatchObject({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    });

    it('names the missing username and password when a mechanism is set (an empty value counts as missing)', () => {
      expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: '' })).toEqual([
        'KAFKA_SASL_USERNAME: KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set',
        'KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set',
      ]);
    });

    it('rejects an unknown mechanism and a KAFKA_SSL that is not a boolean', () => {
      expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'maybe' }).map((p) => p.split(':')[0]).sort()).toEqual([
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SSL',
      ]);
    });

    it('keeps PLAINTEXT and URL-driven MongoDB TLS by default', () => {
      expect(validateConfig(ServiceConfig, {})).toMatchObject({ KAFKA_SSL: false, KAFKA_SASL_MECHANISM: undefined, MONGO_TLS: undefined, MONGO_TLS_CA_FILE: undefined });
    });

    it('accepts a mongodb+srv URL with TLS and a CA file', () => {
      expect(validateConfig(ServiceConfig, { MONGO_URL: 'mongodb+srv://c.example.net/?retryWrites=true', MONGO_TLS: 'true', MONGO_TLS_CA_FILE: '/ca.pem' })).toMatchObject({ MONGO_TLS: true });
    });

    it('rejects a CA file with TLS switched off, and a MONGO_TLS that is not a boolean', () => {
      expect(problemsOf({ MONGO_TLS: 'false', MONGO_TLS_CA_FILE: '/ca.pem' })).toEqual(['MONGO_TLS_CA_FILE: MONGO_TLS_CA_FILE needs TLS, but MONGO_TLS is false']);
      expect(problemsOf({ MONGO_TLS: 'on' }).map((p) => p.split(':')[0])).toEqual(['MONGO_TLS']);
    });
  });
});
