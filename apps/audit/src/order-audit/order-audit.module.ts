import { Module } from '@nestjs/common';
import { AuditLogRepository } from './database/audit-log.repository';
import { RecordOrderEventDaprController } from './events/record-order-event/record-order-event.dapr.controller';
import { RecordOrderEventHandler } from './events/record-order-event/record-order-event.handler';
import { GetOrderAuditHttpController } from './queries/get-order-audit/get-order-audit.http.controller';

/** The audit log of orders: one JSON object per order version. */
@Module({
  controllers: [RecordOrderEventDaprController, GetOrderAuditHttpController],
  providers: [AuditLogRepository, RecordOrderEventHandler],
})
export class OrderAuditModule {}
