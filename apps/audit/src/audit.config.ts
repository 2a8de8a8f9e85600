import { DaprServiceConfig } from '@app/dapr';
import { EnvInt } from '@app/platform';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const COMPONENT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class AuditConfig extends DaprServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3004;

  /** The output binding holding the audit log (localstorage here, a GCS bucket on GKE). */
  @Matches(COMPONENT_NAME, { message: 'AUDIT_BINDING must be a Dapr component name' })
  AUDIT_BINDING = 'audit-store';

  /** Test switch: every AUDIT_FAULT_EVERY-th write goes to this (failing) binding instead. */
  @IsOptional()
  @Matches(COMPONENT_NAME, { message: 'AUDIT_FAULT_BINDING must be a Dapr component name' })
  AUDIT_FAULT_BINDING?: string;

  @EnvInt()
  @IsInt()
  @Min(2)
  @Max(100)
  AUDIT_FAULT_EVERY = 2;
}
