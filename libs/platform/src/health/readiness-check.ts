/** A dependency the service needs to serve traffic; `probe` throws when it is not usable. */
export interface ReadinessCheck {
  readonly key: string;
  probe(): Promise<Record<string, unknown>>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
