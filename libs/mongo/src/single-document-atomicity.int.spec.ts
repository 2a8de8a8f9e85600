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

  it('one bulk of 300 version-conditioned updates completes, and only current versions match', async () => {
    // FerretDB v1 held every statement's query open until a bulk ended: 100 or more hung the server.
    const col = client.db(db).collection<{ _id: string; version: number; n: number }>('bulk');
    await col.insertMany(Array.from({ length: 400 }, (_, i) => ({ _id: `d${i}`, version: i % 2, n: 0 })));
    const update = (i: number) => ({ updateOne: { filter: { _id: `d${i}`, version: 1 }, update: { $inc: { version: 1, n: 1 } } } });
    const result = await col.bulkWrite(Array.from({ length: 300 }, (_, i) => update(i)), { ordered: false });
    expect(result.modifiedCount).toBe(150);
    const found = await col.find({ _id: { $in: ['d0', 'd1', 'd299', 'd301', 'missing'] }, n: 0 }).sort({ _id: 1 }).toArray();
    expect(found).toEqual([
      { _id: 'd0', version: 0, n: 0 },
      { _id: 'd301', version: 1, n: 0 },
    ]);
  });
});
