import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { Subject } from 'rxjs';
import { ViewName } from './view-projector';

function gauge(name: string, help: string): Gauge<'view'> {
  return (register.getSingleMetric(name) as Gauge<'view'> | undefined) ?? new Gauge({ name, help, labelNames: ['view'] });
}

const lastEventGauge = gauge('stream_view_last_event_timestamp_seconds', 'Event time (occurredAt) of the newest event a view has applied');

/**
 * What each view has applied so far, in this process: the newest event time per view and per
 * topic-partition (the event-time watermark timers wait for), and a signal on every change.
 */
@Injectable()
export class ViewProgress {
  private readonly lastEventAt = new Map<ViewName, string>();
  private readonly watermarks = new Map<string, string>();
  readonly changes = new Subject<ViewName>();

  applied(view: ViewName, events: ConsumedEvent[]): void {
    for (const { event, ctx } of events) {
      const key = `${view}|${ctx.topic}|${ctx.partition}`;
      if ((this.watermarks.get(key) ?? '') < event.occurredAt) this.watermarks.set(key, event.occurredAt);
      if ((this.lastEventAt.get(view) ?? '') < event.occurredAt) this.lastEventAt.set(view, event.occurredAt);
    }
    const last = this.lastEventAt.get(view);
    if (last) lastEventGauge.set({ view }, Date.parse(last) / 1000);
    if (events.length > 0) this.changes.next(view);
  }

  /** Forgets a view's watermarks: a switched-to generation has its own progress. */
  reset(view: ViewName): void {
    for (const key of [...this.watermarks.keys()]) if (key.startsWith(`${view}|`)) this.watermarks.delete(key);
  }

  watermark(view: ViewName, topic: string, partition: number): string | undefined {
    return this.watermarks.get(`${view}|${topic}|${partition}`);
  }

  lastEvent(view: ViewName): string | null {
    return this.lastEventAt.get(view) ?? null;
  }
}
