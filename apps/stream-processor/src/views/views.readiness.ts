import { ReadinessCheck } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ViewLagMonitor } from './view-lag.monitor';
import { ViewProgress } from './view-progress';
import { VIEW_PROJECTORS, ViewProjector } from './view-projector';

/** Reports each view's lag (and the partitions behind) and newest event time in /health (lag is information, not a failure). */
@Injectable()
export class ViewsReadiness implements ReadinessCheck {
  readonly key = 'views';

  constructor(
    @Inject(VIEW_PROJECTORS) private readonly projectors: ViewProjector[],
    private readonly lag: ViewLagMonitor,
    private readonly progress: ViewProgress,
  ) {}

  async probe(): Promise<Record<string, unknown>> {
    return Object.fromEntries(
      this.projectors.map(({ view }) => {
        const lag = this.lag.lag(view);
        // The partitions still behind say which member of a scaled-out group is stuck.
        const behind = Object.fromEntries(Object.entries(lag?.partitions ?? {}).filter(([, n]) => n > 0));
        return [view, { lag: lag?.lag ?? null, lagMeasuredAt: lag?.measuredAt ?? null, behind, lastEventAt: this.progress.lastEvent(view) }];
      }),
    );
  }
}
