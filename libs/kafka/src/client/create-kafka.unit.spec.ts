import { ServiceConfig } from '@app/platform/config/service.config';
import { validateConfig } from '@app/platform/config/validate-config';
import { kafkaConfigFrom } from './create-kafka';

describe('kafkaConfigFrom', () => {
  it('is PLAINTEXT without SASL by default (local runs)', () => {
    const kafka = kafkaConfigFrom(validateConfig(ServiceConfig, {}), 'svc');
    expect(kafka).toMatchObject({ clientId: 'svc', brokers: ['127.0.0.1:9092'], ssl: false });
    expect(kafka).not.toHaveProperty('sasl');
  });

  it('is SASL_SSL with the key and secret for a managed cluster (Confluent Cloud)', () => {
    const config = validateConfig(ServiceConfig, {
      KAFKA_BROKERS: 'pkc-1.europe-west1.gcp.confluent.cloud:9092',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'key',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_CLIENT_ID: 'orders-1',
    });
    expect(kafkaConfigFrom(config, 'svc')).toMatchObject({
      clientId: 'orders-1',
      ssl: true,
      sasl: { mechanism: 'plain', username: 'key', password: 'secret' },
    });
  });
});
