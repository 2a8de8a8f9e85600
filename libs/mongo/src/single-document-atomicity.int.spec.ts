import { loadInfra, uniqueName } from '@app/testing';
import { MongoClient } from 'mongodb';

/**
 * Optimistic concurrency and the outbox rely on MongoDB's single-document atomicity. This guards the
 * test server (the local runtime's FerretDB is patched for it, see scripts/runtime/patch-ferretdb.sh).
 */
describe('the MongoDB-wire server updates single documents atomically', () => {
  const client = new MongoClient(loadInfra().mongoUrl, { maxPoolSize: 50 });
  const db = uniqueName('atomicity').replace(/-/g, '_');

  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.db(db).dropDatabase();
    await client.close();
  });

  it('200 concurrent $inc on one document all count', async () => {
    const col = client.db(db).collection<{ _id: string; n: number }>('inc');
    await col.insertOne({ _id: 'x', n: 0 });
    await Promise.all(Array.from({ length: 200 }, () => col.updateOne({ _id: 'x' }, { $inc: { n: 1 } })));
    expect((await col.findOne({ _id: 'x' }))?.n).toBe(200);
  });

  it('of 50 concurrent version-conditioned updates exactly one wins', async () => {
    const col = client.db(db).collection<{ _id: string; version: number }>('cas');
    await col.insertOne({ _id: 'x', version: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ _id: 'x', version: 1 }, { $set: { version: 2 } })));
    expect(results.reduce((n, r) => n + r.matchedCount, 0)).toBe(1);
  });
});
