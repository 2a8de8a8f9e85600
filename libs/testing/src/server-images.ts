import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './infra';

/**
 * The servers as docker-compose.yml names them, the one place that does: where a Docker engine answers the
 * tests start the same images (testcontainers), and Kafka with the same environment.
 */
export interface ComposeServers {
  kafka: { image: string; environment: Record<string, string> };
  mongo: { image: string };
  redis: { image: string };
}

interface ComposeService {
  image?: unknown;
  environment?: Record<string, string | number | boolean>;
}

export function composeServers(composeFile = join(REPO_ROOT, 'docker-compose.yml')): ComposeServers {
  const services = (parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services?: Record<string, ComposeService> }).services ?? {};
  const image = (name: string): string => {
    const value = services[name]?.image;
    // A variable would make the image depend on the shell: compose and the tests could start different ones.
    if (typeof value !== 'string' || value.includes('$')) throw new Error(`${composeFile}: services.${name}.image is not a literal image name`);
    return value;
  };
  const environment = Object.fromEntries(Object.entries(services.kafka?.environment ?? {}).map(([key, value]) => [key, String(value)]));
  return { kafka: { image: image('kafka'), environment }, mongo: { image: image('mongo') }, redis: { image: image('redis') } };
}
