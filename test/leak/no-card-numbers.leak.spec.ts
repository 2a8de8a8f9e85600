import { Topic } from '@app/contracts';
import { loadInfra, readTopic, REPO_ROOT, testKafka, TEST_CARD_NUMBERS } from '@app/testing';
import { MongoClient } from 'mongodb';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Runs after every other suite: the full test card numbers must be nowhere at rest or in a log. */
const numbers = Object.values(TEST_CARD_NUMBERS);
const infra = loadInfra();

const leaksIn = (bytes: Buffer | string): string[] => {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return numbers.filter((n) => text.includes(n));
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no full card number is stored, published or logged', () => {
  it('the suites did send cards (so this check is not vacuous)', async () => {
    const records = await readTopic(testKafka(infra.kafkaBrokers), Topic.CustomerChange);
    const masked = records.filter((r) => r.value?.toString().includes('"last4":"1111"'));
    expect(masked.length).toBeGreaterThan(0);
  });

  it('no Kafka topic holds one, in keys, values or headers', async () => {
    const kafka = testKafka(infra.kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    await admin.disconnect();
    const found: string[] = [];
    for (const topic of topics) {
      for (const r of await readTopic(kafka, topic)) {
        const leaked = leaksIn([r.key ?? '', r.value?.toString('latin1') ?? '', ...Object.values(r.headers)].join('\n'));
        if (leaked.length) found.push(`${topic}@${r.partition}:${r.offset}`);
      }
    }
    expect(topics.length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('no document in any MongoDB database holds one', async () => {
    const client = await new MongoClient(infra.mongoUrl).connect();
    const found: string[] = [];
    let scanned = 0;
    try {
      const { databases } = await client.db().admin().listDatabases();
      for (const { name } of databases) {
        for (const { name: coll } of await client.db(name).listCollections().toArray()) {
          for await (const doc of client.db(name).collection(coll).find()) {
            scanned++;
            if (leaksIn(JSON.stringify(doc)).length) found.push(`${name}.${coll}/${String(doc._id)}`);
          }
        }
      }
    } finally {
      await client.close();
    }
    expect(scanned).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('no database file and no log line holds one', () => {
    const files = [
      ...filesUnder(join(REPO_ROOT, '.runtime', 'logs')),
      ...filesUnder(join(REPO_ROOT, 'test-artifacts', 'logs')),
      ...(infra.mode === 'local-runtime' ? filesUnder(join(REPO_ROOT, '.runtime', 'ferretdb')) : []),
      ...(infra.mode === 'local-runtime' ? filesUnder(join(REPO_ROOT, '.runtime', 'kafka', 'data')).filter((f) => f.endsWith('.log')) : []),
    ];
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => leaksIn(readFileSync(f)).length > 0)).toEqual([]);
  });
});
