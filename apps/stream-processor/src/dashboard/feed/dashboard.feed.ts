import { DomainError } from '@app/core';
import { BeforeApplicationShutdown, Injectable, MessageEvent, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject, Subscription } from 'rxjs';
import { StreamProcessorConfig } from '../../stream-processor.config';
import { ViewLagMonitor } from '../../views/view-lag.monitor';
import { ViewProgress } from '../../views/view-progress';
import { ViewName, VIEW_NAMES } from '../../views/view-projector';
import { changedPanels, Panels, toPanels } from '../domain/dashboard-panels';
import { NotificationsState, StockNotificationsConsumer } from '../notifications/stock-notifications.consumer';
import { CustomerNames } from './customer-names';
import { dashboardMetrics } from './dashboard.metrics';
import { DashboardReader } from './dashboard.reader';

export const DASHBOARD_TOO_MANY_STREAMS = 'DASHBOARD.TOO_MANY_STREAMS';
/** At most four reads a second, however fast the views change. */
const MIN_GAP_MS = 250;
const RETRY_MS = 2000;
/** The views' status is sent at least this often: it is the streams' keep-alive too. */
const VIEWS_EVERY_MS = 15_000;
/** A read now and then while anyone watches, even without a change signal. */
const SAFETY_READ_MS = 30_000;

export interface ViewStatus {
  lag: number | null;
  lagMeasuredAt: string | null;
  lastEventAt: string | null;
}

export interface DashboardSnapshot {
  /** Counts the changes of the panels: every stream sees the same numbers. */
  version: number;
  /** When the panels last changed. */
  at: string | null;
  store: 'ok' | 'unavailable';
  panels: Panels | null;
  views: Record<ViewName, ViewStatus>;
  notifications: NotificationsState;
}

/**
 * The one server-side stream every dashboard page shares. View change signals mark the state dirty;
 * while streams are open it is read again (at most every MIN_GAP_MS) and only the panels that changed
 * go out, serialised once for all streams. A new stream gets the current state with no read at all.
 */
@Injectable()
export class DashboardFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly out = new Subject<MessageEvent>();
  private readonly inputs = new Subscription();
  private panels: Panels | null = null;
  private version = 0;
  private at: string | null = null;
  private store: DashboardSnapshot['store'] = 'ok';
  private dirty = true;
  private open = 0;
  private refreshing?: Promise<void>;
  private scheduled?: NodeJS.Timeout;
  private ticker?: NodeJS.Timeout;
  private notBefore = 0;
  private lastReadAt = 0;
  private viewsSent = { key: '', at: 0 };

  constructor(
    private readonly reader: DashboardReader,
    private readonly names: CustomerNames,
    private readonly progress: ViewProgress,
    private readonly lag: ViewLagMonitor,
    private readonly notifications: StockNotificationsConsumer,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.inputs.add(this.progress.changes.subscribe((view) => (view === 'history' ? this.names.indexChanged() : this.markDirty())));
    this.inputs.add(this.names.found.subscribe(() => this.markDirty()));
    this.inputs.add(this.notifications.arrivals.subscribe((n) => this.send('notification', n)));
    this.ticker = setInterval(() => this.tick(), this.config.LAG_INTERVAL_MS);
  }

  /** Ends every open stream: the HTTP server waits for its connections before it closes. */
  beforeApplicationShutdown(): void {
    clearInterval(this.ticker);
    clearTimeout(this.scheduled);
    this.inputs.unsubscribe();
    this.names.stop();
    this.out.complete();
  }

  /** Takes one of DASHBOARD_MAX_STREAMS slots, or refuses; the function returned gives it back (once). */
  reserve(): () => void {
    if (this.open >= this.config.DASHBOARD_MAX_STREAMS) {
      dashboardMetrics.refused.inc();
      throw new DomainError('Unavailable', DASHBOARD_TOO_MANY_STREAMS, `${this.config.DASHBOARD_MAX_STREAMS} dashboard streams are open, the most this instance serves; retry later`);
    }
    this.setOpen(this.open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.setOpen(this.open - 1);
    };
  }

  /** One stream: the current state first, then every event all streams get. */
  stream(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      subscriber.next(this.event('snapshot', this.current()));
      const subscription = this.out.subscribe(subscriber);
      if (this.dirty) this.schedule();
      return subscription;
    });
  }

  /** The state the streams show, read first if a view changed since (a read in progress is shared). */
  async snapshot(): Promise<DashboardSnapshot> {
    if (this.dirty || !this.panels) await this.refresh();
    return this.current();
  }

  private current(): DashboardSnapshot {
    return { version: this.version, at: this.at, store: this.store, panels: this.panels, views: this.viewStatus(), notifications: this.notifications.state() };
  }

  private setOpen(open: number): void {
    this.open = open;
    dashboardMetrics.streams.set(open);
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.open > 0) this.schedule();
  }

  /** A refresh in progress schedules the next one itself when it ends. */
  private schedule(): void {
    if (this.scheduled || this.refreshing) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.refresh().catch(() => undefined);
    }, Math.max(0, this.notBefore - Date.now()));
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
      if (this.dirty && this.open > 0) this.schedule();
    });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    this.dirty = false;
    this.lastReadAt = Date.now();
    try {
      const panels = toPanels(await this.reader.read());
      this.notBefore = Date.now() + MIN_GAP_MS;
      this.setStore('ok');
      const changed = changedPanels(this.panels ?? undefined, panels);
      if (Object.keys(changed).length === 0) return;
      this.panels = panels;
      this.version += 1;
      this.at = new Date().toISOString();
      this.send('panels', { version: this.version, at: this.at, panels: changed });
    } catch (error) {
      this.dirty = true;
      this.notBefore = Date.now() + RETRY_MS;
      this.setStore('unavailable');
      this.logger.warn({ err: error }, 'dashboard: could not read the views; retrying');
      throw error;
    }
  }

  private setStore(store: DashboardSnapshot['store']): void {
    if (store === this.store) return;
    this.store = store;
    this.send('status', { store });
  }

  /** Sends the views' lag when it changed (no store read: the lag monitor measured it), and keeps streams alive. */
  private tick(): void {
    if (this.open === 0) return;
    const views = this.viewStatus();
    const key = JSON.stringify(VIEW_NAMES.map((v) => [views[v].lag, views[v].lastEventAt]));
    const now = Date.now();
    if (key !== this.viewsSent.key || now - this.viewsSent.at >= VIEWS_EVERY_MS) {
      this.viewsSent = { key, at: now };
      this.send('views', views);
    }
    if (now - this.lastReadAt >= SAFETY_READ_MS) this.markDirty();
  }

  private viewStatus(): Record<ViewName, ViewStatus> {
    const status = (view: ViewName): ViewStatus => {
      const lag = this.lag.lag(view);
      return { lag: lag?.lag ?? null, lagMeasuredAt: lag?.measuredAt ?? null, lastEventAt: this.progress.lastEvent(view) };
    };
    return { catalogue: status('catalogue'), alerts: status('alerts'), history: status('history') };
  }

  /** Serialised once, whatever the number of streams. */
  private send(type: string, data: unknown): void {
    if (this.out.observed) this.out.next(this.event(type, data));
  }

  private event(type: string, data: unknown): MessageEvent {
    return { type, data: JSON.stringify(data) };
  }
}
