import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DashboardHttpController } from './dashboard.http.controller';

@Module({ imports: [CatalogueModule, AlertsModule], controllers: [DashboardHttpController] })
export class DashboardModule {}
