import { DaprClient, DaprError } from '@app/dapr';
import { DaprSidecar, freePort, loadInfra, uniqueName } from '@app/testing';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoyaltyAccount } from '../domain/loyalty.types';
import { LoyaltyAccountRepository } from './loyalty-account.repository';
import { TierReplicaRepository } from './tier-replica.repository';

// The fence under the customer lock, against a real daprd and Redis (state.redis): a write is refused
// once the account changed since it was read — a first account too, if someone created it meanwhile.
const account = (customerId: string, points: number, orders: string[]): LoyaltyAccount => ({ customerId, points, awards: orders.length, processedOrderIds: orders, pending: [] });

describe('loyalty account writes through daprd (state.redis)', () => {
  const run = uniqueName('loyalty-int');
  const auditDir = join(tmpdir(), run);
  let sidecar: DaprSidecar;
  let accounts: LoyaltyAccountRepository;
  let tiers: TierReplicaRepository;
  let dapr: DaprClient;

  beforeAll(async () => {
    const infra = loadInfra();
    // No app listens on the app port: only the state API is used.
    sidecar = new DaprSidecar('loyalty', await freePort(), {
      KAFKA_BROKERS: infra.kafkaBrokers,
      REDIS_HOST: infra.redisUrl.replace(/^redis:\/\//, ''),
      DAPR_CONSUMER_GROUP: run,
      DAPR_STATE_KEY_PREFIX: 'appid',
      AUDIT_STORAGE_DIR: auditDir,
      LOYALTY_CRON_SCHEDULE: '@every 1h',
    });
    await sidecar.start();
    dapr = new DaprClient(sidecar.url);
    accounts = new LoyaltyAccountRepository(dapr);
    tiers = new TierReplicaRepository(dapr);
  }, 900_000);
  afterAll(async () => {
    await sidecar?.stop();
    rmSync(auditDir, { recursive: true, force: true });
  });

  const refusal = (write: Promise<void>): Promise<unknown> => write.then(() => 'written', (error: unknown) => (error instanceof DaprError && error.etagMismatch ? 'etag_mismatch' : error));

  it('given two holders that both read "no account yet", the second first write is refused and the first stays', async () => {
    const id = uniqueName('c');
    const [readByA, readByB] = [await accounts.find(id), await accounts.find(id)];
    expect([readByA, readByB]).toEqual([undefined, undefined]);
    expect(await refusal(accounts.saveIfUnchanged(account(id, 10, ['o-1']), readByB))).toBe('written');
    expect(await refusal(accounts.saveIfUnchanged(account(id, 7, ['o-2']), readByA))).toBe('etag_mismatch');
    expect((await accounts.find(id))?.value).toEqual(account(id, 10, ['o-1']));
  });

  it('given an account read before another holder wrote it, the stale write is refused; a fresh read writes', async () => {
    const id = uniqueName('c');
    await accounts.saveIfUnchanged(account(id, 10, ['o-1']), undefined);
    const stale = await accounts.find(id);
    await accounts.saveIfUnchanged(account(id, 20, ['o-1', 'o-2']), stale);
    expect(await refusal(accounts.saveIfUnchanged(account(id, 15, ['o-1', 'o-3']), stale))).toBe('etag_mismatch');
    const fresh = await accounts.find(id);
    expect(await refusal(accounts.saveIfUnchanged(account(id, 25, ['o-1', 'o-2', 'o-3']), fresh))).toBe('written');
    expect((await accounts.find(id))?.value.points).toBe(25);
  });

  it('a refused first write is an ETag mismatch daprd answers at once, not retried until the store\'s circuit breaker opens', async () => {
    // A first-write save without an ETag would be refused as an ordinary error: daprd retries it, the
    // five failures open the breaker, and the next state call fails with "circuit breaker is open".
    const id = uniqueName('c');
    await accounts.saveIfUnchanged(account(id, 1, ['o-1']), undefined);
    expect(await refusal(accounts.saveIfUnchanged(account(id, 2, ['o-2']), undefined))).toBe('etag_mismatch');
    expect((await accounts.find(id))?.value.points).toBe(1);
  });

  it('LOCK_MODE=none: the last write wins, whatever was read', async () => {
    const id = uniqueName('c');
    await accounts.overwrite(account(id, 10, ['o-1']));
    await accounts.overwrite(account(id, 3, ['o-9']));
    expect((await accounts.find(id))?.value.points).toBe(3);
  });

  it('the tier replica inserts a first version only if absent and never goes back', async () => {
    const id = uniqueName('c');
    expect(await tiers.apply(id, { tier: 'Bronze', version: 1 })).toBe('applied');
    expect(await tiers.apply(id, { tier: 'Gold', version: 2 })).toBe('applied');
    expect(await tiers.apply(id, { tier: 'Silver', version: 1 })).toBe('stale');
    expect(await tiers.tierOf(id)).toBe('Gold');
  });
});
