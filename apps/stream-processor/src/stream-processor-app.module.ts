import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AlertsProjector } from './alerts/events/project-alerts/alerts.projector';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CATALOGUE_COLLECTION } from './catalogue/database/catalogue.repository';
import { CatalogueProjector } from './catalogue/events/project-catalogue/catalogue.projector';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventIndexProjector } from './history/events/index-events/event-index.projector';
import { HistoryModule } from './history/history.module';
import { StreamProcessorConfig } from './stream-processor.config';
import { ViewLagMonitor } from './views/view-lag.monitor';
import { ViewProgress } from './views/view-progress';
import { VIEW_PROJECTORS } from './views/view-projector';
import { ViewRunner } from './views/view-runner';
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
          outboxCollections: [CATALOGUE_COLLECTION],
          consumes: true,
          extraChecks: [ViewsReadiness],
        }),
        CatalogueModule,
        AlertsModule,
        HistoryModule,
        DashboardModule,
      ],
      providers: [
        ViewProgress,
        ViewLagMonitor,
        {
          provide: VIEW_PROJECTORS,
          inject: [CatalogueProjector, AlertsProjector, EventIndexProjector],
          useFactory: (...projectors: [CatalogueProjector, AlertsProjector, EventIndexProjector]) => projectors,
        },
        ViewRunner,
      ],
      exports: [ViewProgress, ViewLagMonitor, VIEW_PROJECTORS],
    };
  }
}
