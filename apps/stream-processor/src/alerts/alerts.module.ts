import { Module } from '@nestjs/common';
import { AlertRepository } from './database/alert.repository';
import { StockReplicaRepository } from './database/stock-replica.repository';
import { TrackedOrderRepository } from './database/tracked-order.repository';
import { AlertsProjector } from './events/project-alerts/alerts.projector';
import { GlobalStockTable } from './global-stock/global-stock.table';
import { ListAlertsHttpController } from './queries/list-alerts/list-alerts.http.controller';
import { DelayedOrderTimer } from './timers/open-delayed-orders/delayed-order.timer';

/** The alerts view: stock, delayed Gold orders and at-risk orders, each with its history. */
@Module({
  controllers: [ListAlertsHttpController],
  providers: [AlertRepository, TrackedOrderRepository, StockReplicaRepository, GlobalStockTable, AlertsProjector, DelayedOrderTimer],
  exports: [AlertsProjector, AlertRepository],
})
export class AlertsModule {}
