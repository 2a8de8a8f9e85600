import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EventIndexRepository } from '../history/database/event-index.repository';
import { DashboardHttpController } from './dashboard.http.controller';
import { DashboardFeed } from './feed/dashboard.feed';
import { DashboardReader } from './feed/dashboard.reader';
import { StockNotificationsConsumer } from './notifications/stock-notifications.consumer';

/**
 * The live dashboard. The event index is read for customer names; HistoryModule does not export its
 * repository, so this module has its own instance (stateless: it resolves its collection per call).
 */
@Module({
  imports: [CatalogueModule, AlertsModule],
  controllers: [DashboardHttpController],
  providers: [DashboardFeed, DashboardReader, StockNotificationsConsumer, EventIndexRepository],
})
export class DashboardModule {}
