import { Topic } from '@app/contracts';
import { customerDocument, freePort, loadInfra, readTopic, ServiceProcess, TcpGate, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import { http } from './stack';

const infra = loadInfra();
const [brokerHost, brokerPort] = infra.kafkaBrokers.split(',')[0].split(':');
const run = uniqueName('kafka_unreachable').replace(/-/g, '_');
const mongo = new MongoClient(infra.mongoUrl);
let gate: TcpGate;
/** KAFKA_BROKERS for the service under test: the gate, shut until the test opens it. */
let brokers: string;

/** A service whose only way to Kafka is the gate. */
const serviceBehindGate = async (app: 'accounts' | 'catalog', env: Record<string, string>) =>
  new ServiceProcess(app, await freePort(), { KAFKA_BROKERS: brokers, MONGO_URL: infra.mongoUrl, LOG_LEVEL: 'info', OUTBOX_POLL_INTERVAL_MS: '200', ...env });

const live = async (service: ServiceProcess) => (await fetch(`${service.url}/health/live`)).status === 200;

beforeAll(() => mongo.connect());
afterAll(() => mongo.close());

beforeEach(async () => {
  gate = new TcpGate({ host: brokerHost, port: Number(brokerPort) });
  brokers = `127.0.0.1:${await gate.listen()}`;
});

afterEach(() => gate.close());

describe('a service started while its Kafka is unreachable', () => {
  it('answers /health/live at once, /health 503 while its consumer joins (past a failed connect), and becomes ready once Kafka is reachable', async () => {
    const group = `catalog_${run}`;
    const catalog = await serviceBehindGate('catalog', { MONGO_DB: `catalog_${run}`, KAFKA_GROUP_ID: group });
    const spawnedAt = Date.now();
    try {
      await catalog.start({}, { until: 'live' });
      // Waiting for the group (or for Kafka's connect retries, about a minute) would take far longer.
      expect(Date.now() - spawnedAt).toBeLessThan(10_000);

      const notReady = await http('GET', `${catalog.url}/health`);
      expect(notReady.status).toBe(503);
      expect(notReady.body.details.mongodb.status).toBe('up');
      expect(notReady.body.details.consumers.message).toMatch(new RegExp(`joining group ${group} since \\d{4}-\\d\\d-\\d\\dT`));
      expect(notReady.body.details.kafka).toMatchObject({ status: 'up', degraded: expect.stringMatching(/^Kafka unreachable since /) });

      // Before, the first failed connect (KafkaJS gives up after about a minute of its own retries) ended the process.
      const failedOnce = await waitFor(async () => {
        expect(await live(catalog)).toBe(true);
        const health = await http('GET', `${catalog.url}/health`);
        expect(health.status).toBe(503);
        const reason: string = health.body.details.consumers.message;
        return /since [^"]+: .+/.test(reason) ? reason : undefined;
      }, { timeoutMs: 150_000, intervalMs: 1000, what: 'a failed connect attempt named in the reason' });
      expect(failedOnce).toContain(`joining group ${group} since`);
      expect(catalog.signal()).toBeNull();

      gate.open();
      const ready = await waitFor(async () => {
        expect(await live(catalog)).toBe(true);
        const health = await http('GET', `${catalog.url}/health`);
        return health.status === 200 ? health : undefined;
      }, { timeoutMs: 120_000, intervalMs: 500, what: 'catalog ready once Kafka is reachable' });
      expect(ready.body.details.consumers).toEqual({ status: 'up', running: [group] });
      expect(ready.body.details.kafka).toMatchObject({ status: 'up', brokers: expect.any(Number) });
      expect(catalog.signal()).toBeNull();
    } finally {
      await catalog.stop();
    }
  }, 300_000);
});

describe('a command service while its Kafka is unreachable', () => {
  it('stays ready and answers writes 2xx, the outbox holding the events; once Kafka is reachable it publishes each exactly once', async () => {
    const db = `accounts_${run}`;
    const accounts = await serviceBehindGate('accounts', { MONGO_DB: db });
    const ids = [1, 2, 3].map((n) => uniqueName(`offline-${n}`));
    try {
      await accounts.start();
      const degraded = await http('GET', `${accounts.url}/health`);
      expect(degraded.status).toBe(200);
      expect(degraded.body.details.kafka.degraded).toMatch(/^Kafka unreachable since /);

      for (const id of ids) expect((await http('PUT', `${accounts.url}/customers/${id}`, customerDocument())).status).toBe(201);
      const pending = await mongo.db(db).collection<{ _id: string; outbox: unknown[] }>('customers').find({ _id: { $in: ids } }).toArray();
      expect(pending.map((c) => c.outbox.length)).toEqual([1, 1, 1]);
      expect((await http('GET', `${accounts.url}/health`)).status).toBe(200);

      gate.open();
      await waitFor(async () => (await mongo.db(db).collection<{ _id: string }>('customers').countDocuments({ _id: { $in: ids }, 'outbox.0': { $exists: true } })) === 0, {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: 'the outbox published once Kafka is reachable',
      });
      const published = (await readTopic(testKafka(infra.kafkaBrokers), Topic.CustomerChange)).filter((r) => ids.includes(r.key ?? ''));
      expect(published.map((r) => r.key).sort()).toEqual([...ids].sort());
      await waitFor(async () => (await http('GET', `${accounts.url}/health`)).body.details.kafka.brokers !== undefined, { timeoutMs: 30_000, what: 'Kafka no longer degraded' });
    } finally {
      await accounts.stop();
    }
  }, 180_000);
});
