import { Topic } from '@app/contracts';
import { loadInfra, readTopic, readTopics, REPO_ROOT, testKafka, TEST_CARD_NUMBERS } from '@app/testing';
import { MongoClient } from 'mongodb';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cardNumbersIn, filesUnder, redisContents } from './card-number-scan';

// Runs last in `make test` (after the end-to-end suite, newman and the benchmark smoke): the full test
// card numbers must be nowhere at rest — no Kafka record (dead-letter topics included), no document in
// any database, no Redis entry, no file of the local servers — and in no log any process wrote.
const infra = loadInfra();
const runtimeDir = process.env.CQRS_RUNTIME_DIR ?? join(REPO_ROOT, '.runtime');

describe('the scanner finds a card number however it is written', () => {
  const visa = TEST_CARD_NUMBERS.visa;
  it.each([
    ['plain, inside JSON', `{"number":"${visa}"}`],
    ['in groups with spaces', `card 4111 1111 1111 1111 ok`],
    ['in groups with dashes', `4111-1111-1111-1111`],
    ['base64 (a CloudEvent data_base64)', `{"data_base64":"${Buffer.from(`{"creditCards":[{"number":"${visa}"}]}`).toString('base64')}"}`],
    ['base64, number not at the start', Buffer.from(`xy${visa}`).toString('base64')],
    ['in bytes', Buffer.from(`\u0000\u0001${visa}\u0002`)],
  ])('%s', (_how, content) => {
    expect(cardNumbersIn(content)).toEqual([visa]);
  });

  it('and does not cry wolf on masked cards, ids and other numbers', () => {
    expect(cardNumbersIn('{"brand":"visa","last4":"1111","id":"b3f1c2de-4a5b-4c6d-8e9f-0123456789ab","ts":1795450122023}')).toEqual([]);
  });
});

describe('no full card number is stored, published or logged', () => {
  it('the suites did send cards (so this check is not vacuous)', async () => {
    const records = await readTopic(testKafka(infra.kafkaBrokers), Topic.CustomerChange);
    const masked = records.filter((r) => r.value?.toString().includes('"last4":"1111"'));
    expect(masked.length).toBeGreaterThan(0);
  });

  it('no Kafka topic holds one (dead-letter topics included), in keys, values or headers', async () => {
    const kafka = testKafka(infra.kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    await admin.disconnect();
    const found: string[] = [];
    let scanned = 0;
    for (const r of await readTopics(kafka, topics)) {
      scanned++;
      const headers = Object.entries(r.headers).flat();
      if (cardNumbersIn([r.key ?? '', r.value?.toString('latin1') ?? '', ...headers].join('\n')).length) found.push(`${r.topic}@${r.partition}:${r.offset}`);
    }
    // Every topic of the catalogue, its dead-letter topics included, was among those read.
    const catalogue: string[] = Object.values(Topic);
    expect(catalogue.filter((t) => t.endsWith('.deadletter')).length).toBeGreaterThanOrEqual(5);
    expect(catalogue.filter((t) => !topics.includes(t))).toEqual([]);
    expect(scanned).toBeGreaterThan(0);
    expect(found).toEqual([]);
  }, 600_000);

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
            if (cardNumbersIn(JSON.stringify(doc)).length) found.push(`${name}.${coll}/${String(doc._id)}`);
          }
        }
      }
    } finally {
      await client.close();
    }
    expect(scanned).toBeGreaterThan(0);
    expect(found).toEqual([]);
  }, 600_000);

  it('no key or value in Redis (the Dapr state and lock stores) holds one', async () => {
    const contents = await redisContents(infra.redisUrl);
    const found = [...contents].filter(([key, value]) => cardNumbersIn(`${key}\n${value}`).length > 0).map(([key]) => key);
    expect(contents.size).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('no log of any service, test process, sidecar or server holds one', () => {
    // .runtime/logs: services.sh, dapr.sh (daprd), the local servers, the benchmark's processes;
    // test-artifacts/logs: every service and replay process the tests started.
    const logs = [...filesUnder(join(runtimeDir, 'logs')), ...filesUnder(join(REPO_ROOT, 'test-artifacts', 'logs'))];
    const names = logs.map((f) => basename(f));
    // Not vacuous: logs of services, of daprd and of Kafka are among them.
    expect(names.some((n) => /^(accounts|orders|catalog|stream-processor|audit|loyalty)(-\d+)?\.log$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('daprd-'))).toBe(true);
    expect(names.some((n) => n.startsWith('kafka'))).toBe(true);
    expect(logs.filter((f) => cardNumbersIn(readFileSync(f)).length > 0)).toEqual([]);
  });

  it('no file of the local servers or of the audit log holds one', () => {
    const audit = readdirSync(runtimeDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name.startsWith('audit'))
      .flatMap((d) => filesUnder(join(runtimeDir, d.name)));
    const stores = [
      ...filesUnder(join(runtimeDir, 'ferretdb')),
      ...filesUnder(join(runtimeDir, 'kafka', 'data')).filter((f) => f.endsWith('.log')),
      ...filesUnder(join(runtimeDir, 'redis')),
    ];
    if (infra.mode === 'local-runtime') expect(stores.length).toBeGreaterThan(0);
    expect([...audit, ...stores].filter((f) => cardNumbersIn(readFileSync(f)).length > 0)).toEqual([]);
  });
});
