import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './deploy-support';

const FILES = ['cqrs-backbone.postman_collection.json', 'local.postman_environment.json'];

interface Item {
  name: string;
  item?: Item[];
  request?: { description?: string };
}

const requestsOf = (items: Item[]): Item[] => items.flatMap((i) => (i.item ? requestsOf(i.item) : [i]));

describe('the Postman collection', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'postman-'));
    const run = spawnSync(process.execPath, [join(ROOT, 'postman/generate.mjs'), out], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`postman/generate.mjs failed:\n${run.stderr}`);
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(FILES)('%s is what postman/generate.mjs makes (edit generate.mjs, then run `node postman/generate.mjs`)', (file) => {
    expect(readFileSync(join(ROOT, 'postman', file), 'utf8')).toBe(readFileSync(join(out, file), 'utf8'));
  });

  it('every request says what it does', () => {
    const collection = JSON.parse(readFileSync(join(ROOT, 'postman', FILES[0]), 'utf8')) as { item: Item[] };
    const requests = requestsOf(collection.item);
    expect(requests.length).toBeGreaterThan(50);
    expect(requests.filter((r) => !r.request?.description?.trim()).map((r) => r.name)).toEqual([]);
  });
});
