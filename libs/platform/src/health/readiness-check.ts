/**
 * A dependency the service needs to serve traffic; `probe` throws when it is not usable. A probe whose
 * dependency is in trouble the service can serve through returns a `degraded` field with the reason:
 * /health reports it and stays 200.
 */
export interface ReadinessCheck {
  readonly key: string;
  probe(): Promise<Record<string, unknown>>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
