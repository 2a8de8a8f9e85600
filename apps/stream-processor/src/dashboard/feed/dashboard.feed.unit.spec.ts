import { DomainError } from '@app/core';
import { waitFor } from '@app/testing';
import { MessageEvent } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Subject, Subscription } from 'rxjs';
import { emptyEntry } from '../../catalogue/domain/catalogue-entry';
import { StreamProcessorConfig } from '../../stream-processor.config';
import { ViewLagMonitor } from '../../views/view-lag.monitor';
import { ViewProgress } from '../../views/view-progress';
import { ViewReads } from '../domain/dashboard-panels';
import { page, viewReads } from '../domain/view-reads.fixture';
import { StockNotificationsConsumer } from '../notifications/stock-notifications.consumer';
import { CustomerNames } from './customer-names';
import { DashboardFeed } from './dashboard.feed';
import { DashboardReader } from './dashboard.reader';

const readsWithStock = (stock: number): ViewReads => viewReads({ catalogue: page([{ ...emptyEntry('p-1'), name: 'Loom', stock, productVersion: 1 }]) });

describe('dashboard feed: one reader shared by every stream', () => {
  let stock = 30;
  const read = jest.fn(async () => readsWithStock(stock));
  const progress = new ViewProgress();
  const config = Object.assign(new StreamProcessorConfig(), { DASHBOARD_MAX_STREAMS: 2, LAG_INTERVAL_MS: 60_000 });
  const notifications = { arrivals: new Subject(), state: () => ({ since: null, items: [] }) };
  const feed = new DashboardFeed(
    { read } as unknown as DashboardReader,
    { found: new Subject<void>(), indexChanged: jest.fn(), stop: jest.fn() } as unknown as CustomerNames,
    progress,
    { lag: () => undefined } as unknown as ViewLagMonitor,
    notifications as unknown as StockNotificationsConsumer,
    config,
    { warn: jest.fn() } as unknown as PinoLogger,
  );
  const open: Subscription[] = [];
  const listen = () => {
    const release = feed.reserve();
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const sub = feed.stream().subscribe((e: MessageEvent) => events.push({ type: e.type ?? '', data: JSON.parse(e.data as string) }));
    sub.add(release);
    open.push(sub);
    return events;
  };
  const panelsEvents = (events: { type: string; data: Record<string, unknown> }[]) => events.filter((e) => e.type === 'panels');

  beforeAll(() => feed.onApplicationBootstrap());
  afterAll(() => {
    open.forEach((s) => s.unsubscribe());
    feed.beforeApplicationShutdown();
  });

  it('reads once per change however many streams are open, and sends each stream the same version', async () => {
    const a = listen();
    const b = listen();
    await waitFor(() => panelsEvents(a).length === 1 && panelsEvents(b).length === 1, { what: 'the first read to reach both streams' });
    expect(read).toHaveBeenCalledTimes(1);
    expect(a[0].type).toBe('snapshot');

    stock = 3;
    progress.changes.next('catalogue');
    await waitFor(() => panelsEvents(a).length === 2 && panelsEvents(b).length === 2, { what: 'the change to reach both streams' });
    expect(read).toHaveBeenCalledTimes(2);
    expect(panelsEvents(a)[1].data).toEqual(panelsEvents(b)[1].data);
    expect(panelsEvents(a)[1].data).toMatchObject({ version: 2, panels: { catalogue: { rows: [{ id: 'p-1', stock: 3 }] } } });
    expect(Object.keys(panelsEvents(a)[1].data.panels as object)).toEqual(['catalogue']);
  });

  it('refuses a stream past DASHBOARD_MAX_STREAMS; a closed one gives its slot back, and a new stream gets the state without a read', async () => {
    expect(() => feed.reserve()).toThrow(expect.objectContaining({ kind: 'Unavailable', code: 'DASHBOARD.TOO_MANY_STREAMS' }) as DomainError);
    open.shift()?.unsubscribe();
    const c = listen();
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ type: 'snapshot', data: { version: 2, panels: { catalogue: { rows: [{ stock: 3 }] } } } });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('answers a snapshot request from the shared state while no view changed', async () => {
    await expect(feed.snapshot()).resolves.toMatchObject({ version: 2, store: 'ok' });
    expect(read).toHaveBeenCalledTimes(2);
  });
});
