import { loadInfra, uniqueName } from '@app/testing';
import { MongoClient } from 'mongodb';
import { findByIds, MAX_IDS_PER_QUERY } from './find-by-ids';

describe('findByIds', () => {
  const client = new MongoClient(loadInfra().mongoUrl);
  const db = uniqueName('find_by_ids').replace(/-/g, '_');

  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.db(db).dropDatabase();
    await client.close();
  });

  it('reads more ids than one query carries, every one exactly once, with the projection applied', async () => {
    const col = client.db(db).collection<{ _id: string; n: number; secret: string }>('docs');
    const count = MAX_IDS_PER_QUERY * 2 + 7;
    await col.insertMany(Array.from({ length: count }, (_, n) => ({ _id: `d${n}`, n, secret: 's' })));
    const wanted = [...Array.from({ length: count }, (_, n) => `d${n}`), 'missing-1', 'missing-2'];
    const found = await findByIds(col, wanted, { projection: { secret: 0 } });
    expect(found).toHaveLength(count);
    expect(new Set(found.map((d) => d._id)).size).toBe(count);
    expect(found.find((d) => d._id === `d${count - 1}`)).toEqual({ _id: `d${count - 1}`, n: count - 1 });
    expect(await findByIds(col, [])).toEqual([]);
  });
});
