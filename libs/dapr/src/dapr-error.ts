/** A Dapr API call that did not succeed; `status` is the sidecar's HTTP status (0: no answer). */
export class DaprError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`dapr ${operation} failed (${status || 'no answer'}): ${body.slice(0, 300)}`);
    this.name = 'DaprError';
  }

  /** The state store refused a write because the ETag no longer matches (someone wrote in between). */
  get etagMismatch(): boolean {
    return this.status === 409;
  }
}
