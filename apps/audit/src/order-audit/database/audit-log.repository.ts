import { AUDIT_ORDERS_FOLDER, AuditKey, AuditRecord, auditKey, auditOrderFolder, parseAuditKey } from '@app/contracts';
import { BlobBinding, DaprClient } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { AuditConfig } from '../../audit.config';

/** The audit log behind the Dapr output binding (AUDIT_BINDING). */
@Injectable()
export class AuditLogRepository {
  private readonly blobs: BlobBinding;
  /** The fault switch's binding, and how many writes were attempted (every n-th goes there). */
  private readonly faulty?: BlobBinding;
  private writes = 0;

  constructor(
    dapr: DaprClient,
    private readonly config: AuditConfig,
  ) {
    this.blobs = new BlobBinding(dapr, config.AUDIT_BINDING);
    if (config.AUDIT_FAULT_BINDING) this.faulty = new BlobBinding(dapr, config.AUDIT_FAULT_BINDING);
  }

  /** Writes one order version; writing the same version again overwrites it. */
  async write(record: AuditRecord): Promise<void> {
    this.writes++;
    const target = this.faulty && this.writes % this.config.AUDIT_FAULT_EVERY === 0 ? this.faulty : this.blobs;
    await target.put(auditKey(record.aggregateId, record.aggregateVersion), record);
  }

  /** The versions audited for an order, oldest first (empty if none). */
  async versions(orderId: string): Promise<AuditRecord[]> {
    const keys = (await this.blobs.list(AUDIT_ORDERS_FOLDER, `${auditOrderFolder(orderId)}/`))
      .map(parseAuditKey)
      .filter((k): k is AuditKey => k !== undefined && k.orderId === orderId)
      .sort((a, b) => a.version - b.version);
    return Promise.all(keys.map((k) => this.blobs.get<AuditRecord>(auditKey(k.orderId, k.version))));
  }
}
