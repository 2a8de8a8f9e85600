import { AUDIT_ORDERS_FOLDER, AuditKey, AuditRecord, auditKey, parseAuditKey } from '@app/contracts';
import { BlobBinding, DaprClient } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { AuditedOrder } from '../domain/loyalty.types';
import { AUDIT_BINDING } from './loyalty-state';

/** Reads the audit log (written by the audit service) through loyalty's own audit-store binding. */
@Injectable()
export class AuditedOrdersReader {
  private readonly blobs: BlobBinding;

  constructor(dapr: DaprClient) {
    this.blobs = new BlobBinding(dapr, AUDIT_BINDING);
  }

  /** Every audited order with its latest audited version. */
  async latestVersions(): Promise<AuditKey[]> {
    const latest = new Map<string, number>();
    for (const key of (await this.blobs.list(AUDIT_ORDERS_FOLDER)).map(parseAuditKey)) {
      if (key && key.version > (latest.get(key.orderId) ?? 0)) latest.set(key.orderId, key.version);
    }
    return [...latest].map(([orderId, version]) => ({ orderId, version }));
  }

  async read(key: AuditKey): Promise<AuditedOrder> {
    const { order } = (await this.blobs.get<AuditRecord>(auditKey(key.orderId, key.version))).payload;
    return { orderId: order.orderId, customerId: order.customerId, total: order.total, status: order.status, tierAsPlaced: order.customerTier };
  }
}
