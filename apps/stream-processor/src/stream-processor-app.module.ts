import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AlertsProjector } from './alerts/events/project-alerts/alerts.projector';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CatalogueProjector } from './catalogue/events/project-catalogue/catalogue.projector';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventIndexProjector } from './history/events/index-events/event-index.projector';
import { HistoryModule } from './history/history.module';
import { StreamProcessorConfig } from './stream-processor.config';
import { DerivedEventsGate } from './views/derived-events.gate';
import { ViewAssignments } from './views/view-assignments';
import { viewGenerationsProvider, ViewGenerations } from './views/view-generations';
import { ViewLagMonitor } from './views/view-lag.monitor';
import { ViewProgress } from './views/view-progress';
import { VIEW_PROJECTORS } from './views/view-projector';
import { ViewRunner } from './views/view-runner';
import { ViewSwitcher } from './views/view-switcher';
import { ViewsReadiness } from './views/views.readiness';

@Module({})
export class StreamProcessorAppModule {
  static forRoot(config: StreamProcessorConfig): DynamicModule {
    return {
      module: StreamProcessorAppModule,
      global: true,
      imports: [
        ServiceModule.forRoot({
          clientId: 'stream-processor',
          configClass: StreamProcessorConfig,
          config,
          // The catalogue's relay follows its generation (CatalogueProjector tracks it).
          outboxCollections: [],
          consumes: true,
          extraChecks: [ViewsReadiness],
        }),
        CatalogueModule,
        AlertsModule,
        HistoryModule,
        DashboardModule,
      ],
      providers: [
        viewGenerationsProvider,
        DerivedEventsGate,
        ViewAssignments,
        ViewProgress,
        ViewLagMonitor,
        {
          provide: VIEW_PROJECTORS,
          inject: [CatalogueProjector, AlertsProjector, EventIndexProjector],
          useFactory: (...projectors: [CatalogueProjector, AlertsProjector, EventIndexProjector]) => projectors,
        },
        ViewRunner,
        ViewSwitcher,
      ],
      exports: [ViewProgress, ViewLagMonitor, VIEW_PROJECTORS, ViewGenerations, DerivedEventsGate, ViewAssignments],
    };
  }
}
