import { ServiceConfig } from '@app/platform/config/service.config';
import { validateConfig } from '@app/platform/config/validate-config';
import { mongoClientOptions } from './mongo-client-options';

describe('mongoClientOptions', () => {
  it('leaves TLS to the URL when MONGO_TLS is unset (local default, mongodb+srv on Atlas)', () => {
    const options = mongoClientOptions(validateConfig(ServiceConfig, { MONGO_URL: 'mongodb+srv://cluster0.example.net' }));
    expect(options).not.toHaveProperty('tls');
    expect(options).not.toHaveProperty('tlsCAFile');
    expect(options).toMatchObject({ ignoreUndefined: true, serverSelectionTimeoutMS: 10_000 });
  });

  it('passes MONGO_TLS and MONGO_TLS_CA_FILE to the client', () => {
    const config = validateConfig(ServiceConfig, { MONGO_TLS: 'true', MONGO_TLS_CA_FILE: '/etc/mongo/ca.pem' });
    expect(mongoClientOptions(config)).toMatchObject({ tls: true, tlsCAFile: '/etc/mongo/ca.pem' });
  });

  it('passes an explicit MONGO_TLS=false through', () => {
    expect(mongoClientOptions(validateConfig(ServiceConfig, { MONGO_TLS: 'false' }))).toMatchObject({ tls: false });
  });
});
