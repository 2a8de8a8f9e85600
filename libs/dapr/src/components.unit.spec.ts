import { Topic } from '@app/contracts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// Component files cannot import libs/contracts, so this keeps their topic names honest.
const COMPONENTS = join(__dirname, '..', '..', '..', 'dapr', 'components');

describe('dapr/components', () => {
  const yaml = readdirSync(COMPONENTS)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(COMPONENTS, f), 'utf8'))
    .join('\n');

  it('subscribes and dead-letters only to topics declared in libs/contracts', () => {
    const named = [...yaml.matchAll(/^\s*(?:topic|deadLetterTopic):\s*(\S+)\s*$/gm)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    const declared: string[] = Object.values(Topic);
    expect(named.filter((t) => !declared.includes(t))).toEqual([]);
  });

  it('uses the component names the apps call', () => {
    const names = [...yaml.matchAll(/^\s{2}name:\s*(\S+)\s*$/gm)].map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining(['pubsub', 'statestore', 'lockstore', 'loyalty-cron', 'audit-store']));
  });
});
