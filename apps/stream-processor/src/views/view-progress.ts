import { ConsumedEvent } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { Subject } from 'rxjs';
import { ViewName } from './view-projector';

function gauge(name: string, help: string): Gauge<'view'> {
  return (register.getSingleMetric(name) as Gauge<'view'> | undefined) ?? new Gauge({ name, help, labelNames: ['view'] });
}

const lastEventGauge = gauge('stream_view_last_event_timestamp_seconds', 'Event time (occurredAt) of the newest event a view has applied');

const appliedCounter =
  (register.getSingleMetric('stream_view_events_applied_total') as Counter<'view' | 'topic'> | undefined) ??
  new Counter({ name: 'stream_view_events_applied_total', help: "Events applied to a view's state (the views share one consumer: its counts are per group, these per view)", labelNames: ['view', 'topic'] });

/**
 * What each view has applied and written so far, in this process: the newest event time per view and
 * per topic-partition (the event-time watermark timers wait for), and a signal on every change. Events
 * count once their view's flush has landed: what readers and timers see is what the store holds.
 */
@Injectable()
export class ViewProgress {
  private readonly lastEventAt = new Map<ViewName, string>();
  private readonly watermarks = new Map<string, string>();
  /** Per view: watermarks of what was applied but not flushed yet. */
  private readonly unflushed = new Map<ViewName, Map<string, string>>();
  readonly changes = new Subject<ViewName>();

  /** Events applied to the view's in-memory state (counted in stream_view_events_applied_total); they count as written at its next flush. */
  noted(view: ViewName, events: ConsumedEvent[]): void {
    const marks = this.unflushed.get(view) ?? new Map<string, string>();
    this.unflushed.set(view, marks);
    const perTopic = new Map<string, number>();
    for (const { event, ctx } of events) {
      const key = `${view}|${ctx.topic}|${ctx.partition}`;
      if ((marks.get(key) ?? '') < event.occurredAt) marks.set(key, event.occurredAt);
      perTopic.set(ctx.topic, (perTopic.get(ctx.topic) ?? 0) + 1);
    }
    // Counted per batch, not per event.
    for (const [topic, n] of perTopic) appliedCounter.inc({ view, topic }, n);
  }

  /** What a flush that starts now writes: the marks noted so far (a flush takes the state applied before it starts). */
  taking(view: ViewName): ReadonlyMap<string, string> {
    return new Map(this.unflushed.get(view) ?? []);
  }

  /** The view's flush landed: the marks it took (`taking`) are in the store now; those noted since wait for the next one. */
  flushed(view: ViewName, marks: ReadonlyMap<string, string>): void {
    if (marks.size === 0) return;
    const pending = this.unflushed.get(view);
    for (const [key, at] of marks) {
      if (pending && (pending.get(key) ?? '') <= at) pending.delete(key);
      if ((this.watermarks.get(key) ?? '') < at) this.watermarks.set(key, at);
      if ((this.lastEventAt.get(view) ?? '') < at) this.lastEventAt.set(view, at);
    }
    const last = this.lastEventAt.get(view);
    if (last) lastEventGauge.set({ view }, Date.parse(last) / 1000);
    this.changes.next(view);
  }

  /** The view's unflushed state was dropped: it is read again. */
  discardUnflushed(view: ViewName): void {
    this.unflushed.delete(view);
  }

  /** Forgets a view's watermarks: a switched-to generation has its own progress. */
  reset(view: ViewName): void {
    this.unflushed.delete(view);
    for (const key of [...this.watermarks.keys()]) if (key.startsWith(`${view}|`)) this.watermarks.delete(key);
  }

  watermark(view: ViewName, topic: string, partition: number): string | undefined {
    return this.watermarks.get(`${view}|${topic}|${partition}`);
  }

  lastEvent(view: ViewName): string | null {
    return this.lastEventAt.get(view) ?? null;
  }
}
