import { ORDER_CHANGED, decodeEvent } from '@app/contracts';
import { DeliveryStatus } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Counter, register } from 'prom-client';
import { AuditLogRepository } from '../../database/audit-log.repository';
import { isAuditableOrderId } from '../../domain/audit-record';

const METRIC = 'audit_order_events_total';
const outcomes =
  (register.getSingleMetric(METRIC) as Counter<string> | undefined) ??
  new Counter({ name: METRIC, help: 'Order events delivered to audit, by outcome (recorded, retry, dead_letter)', labelNames: ['outcome'] });

/**
 * Records one delivered order event. Never throws: a record that can never be audited is dropped to the
 * dead-letter topic; a failed write asks Dapr to redeliver (its resiliency policy spaces the retries).
 */
@Injectable()
export class RecordOrderEventHandler {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly logger: PinoLogger,
  ) {}

  async execute(record: string): Promise<DeliveryStatus> {
    const decoded = decodeEvent(record);
    if (!decoded.ok || decoded.event.type !== ORDER_CHANGED || !isAuditableOrderId(decoded.event.aggregateId)) {
      const reason = decoded.ok ? `not an auditable OrderChanged (${decoded.event.type} ${decoded.event.aggregateId})` : `${decoded.code}: ${decoded.reason}`;
      this.logger.warn({ reason }, 'order event dropped to the dead-letter topic');
      outcomes.inc({ outcome: 'dead_letter' });
      return 'DROP';
    }
    try {
      await this.log.write(decoded.event);
      outcomes.inc({ outcome: 'recorded' });
      return 'SUCCESS';
    } catch (error) {
      this.logger.warn({ err: error, orderId: decoded.event.aggregateId }, 'audit write failed; Dapr will redeliver');
      outcomes.inc({ outcome: 'retry' });
      return 'RETRY';
    }
  }
}
