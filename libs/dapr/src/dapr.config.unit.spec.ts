import { ConfigError, validateConfig } from '@app/platform';
import { DaprServiceConfig } from './dapr.config';

const TOKEN = 'T0k-'.repeat(10);

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    validateConfig(DaprServiceConfig, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('DaprServiceConfig: DAPR_APP_API_TOKEN', () => {
  it('is optional on a loopback HTTP_HOST (the default), empty meaning unset', () => {
    expect(validateConfig(DaprServiceConfig, {}).DAPR_APP_API_TOKEN).toBeUndefined();
    expect(validateConfig(DaprServiceConfig, { DAPR_APP_API_TOKEN: '' }).DAPR_APP_API_TOKEN).toBeUndefined();
    expect(validateConfig(DaprServiceConfig, { DAPR_APP_API_TOKEN: TOKEN }).DAPR_APP_API_TOKEN).toBe(TOKEN);
  });

  it('is required once the service listens beyond loopback (containers: HTTP_HOST=0.0.0.0)', () => {
    expect(problems({ HTTP_HOST: '0.0.0.0' })).toEqual([
      'DAPR_APP_API_TOKEN: DAPR_APP_API_TOKEN is required when HTTP_HOST (0.0.0.0) is not a loopback address: give daprd the same value as APP_API_TOKEN',
    ]);
    expect(problems({ HTTP_HOST: '0.0.0.0', DAPR_APP_API_TOKEN: '' })).toHaveLength(1);
    expect(validateConfig(DaprServiceConfig, { HTTP_HOST: '0.0.0.0', DAPR_APP_API_TOKEN: TOKEN }).DAPR_APP_API_TOKEN).toBe(TOKEN);
  });

  it('refuses a short token wherever it listens, without printing it', () => {
    const short = 'tiny-token-42';
    const found = problems({ DAPR_APP_API_TOKEN: short });
    expect(found).toEqual(['DAPR_APP_API_TOKEN: DAPR_APP_API_TOKEN must be at least 32 characters']);
    expect(found.join()).not.toContain(short);
  });
});
