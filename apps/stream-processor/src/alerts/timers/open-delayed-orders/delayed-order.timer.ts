import { PeriodicTask } from '@app/platform';
import { Topic } from '@app/contracts';
import { Clock, CLOCK } from '@app/core';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { StreamProcessorConfig } from '../../../stream-processor.config';
import { ViewAssignments } from '../../../views/view-assignments';
import { ViewLagMonitor } from '../../../views/view-lag.monitor';
import { ViewProgress } from '../../../views/view-progress';
import { AlertRepository } from '../../database/alert.repository';
import { TrackedOrderRepository } from '../../database/tracked-order.repository';
import { alertId, newAlert } from '../../domain/alert';
import { openIfDue } from '../../domain/order-alerts.policy';
import { TrackedOrder } from '../../domain/tracked-order';

const BATCH = 500;

/**
 * Opens delayed Gold-order alerts when their time comes, with no event needed. Timers live in the
 * tracked orders (they survive restarts). A timer fires only once the view has seen its partition up to
 * the due time (by event time) or has caught up with it: while a replay is still behind, an event that
 * shipped the order in time may be yet to come, and firing early would open an alert that never was.
 */
@Injectable()
export class DelayedOrderTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private task?: PeriodicTask;

  constructor(
    private readonly orders: TrackedOrderRepository,
    private readonly alerts: AlertRepository,
    private readonly progress: ViewProgress,
    private readonly lag: ViewLagMonitor,
    private readonly assignments: ViewAssignments,
    private readonly config: StreamProcessorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    // A rebuild of another view must not touch the alerts view.
    if (this.config.REBUILD_VIEW && this.config.REBUILD_VIEW !== 'alerts') return;
    this.task = new PeriodicTask(() => this.fireDue(), this.config.TIMER_INTERVAL_MS, (error) => this.logger.warn({ err: error }, 'delayed-order timers failed; next tick retries'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  /** Fires every due timer whose partition this instance owns and has settled; returns how many alerts opened. */
  async fireDue(): Promise<number> {
    const now = this.clock.now();
    const due = (await this.orders.dueBy(now, BATCH, this.assignments.partitions('alerts', Topic.OrderEvents))).filter((o) => this.settled(o));
    if (due.length === 0) return 0;
    const stored = await this.alerts.findMany(due.map((o) => alertId('delayed-gold-order', o.orderId)));
    const changed = due.flatMap((order) => {
      const current = stored.get(alertId('delayed-gold-order', order.orderId)) ?? { alert: newAlert('delayed-gold-order', order.orderId), version: null };
      const alert = openIfDue(current.alert, order, now);
      return alert === current.alert ? [] : [{ ...current, alert }];
    });
    await this.alerts.save(changed);
    await Promise.all(due.map((o) => this.orders.timerFired(o.orderId, o.version)));
    if (changed.length > 0) this.progress.changes.next('alerts');
    return changed.length;
  }

  private settled(order: TrackedOrder): boolean {
    const watermark = this.progress.watermark('alerts', Topic.OrderEvents, order.partition);
    return (watermark !== undefined && order.dueAt !== null && watermark >= order.dueAt) || this.lag.caughtUp('alerts', Topic.OrderEvents, order.partition);
  }
}
