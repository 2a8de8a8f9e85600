import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OrderCustomerNamesQuery } from './database/order-customer-names.query';
import { DashboardHttpController } from './dashboard.http.controller';
import { CustomerNames } from './feed/customer-names';
import { DashboardFeed } from './feed/dashboard.feed';
import { DashboardReader } from './feed/dashboard.reader';
import { StockNotificationsConsumer } from './notifications/stock-notifications.consumer';

/** The live dashboard: one shared feed for every page. */
@Module({
  imports: [CatalogueModule, AlertsModule],
  controllers: [DashboardHttpController],
  providers: [DashboardFeed, DashboardReader, CustomerNames, OrderCustomerNamesQuery, StockNotificationsConsumer],
})
export class DashboardModule {}
