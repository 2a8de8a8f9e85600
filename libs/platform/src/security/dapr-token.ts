/** Shortest accepted app API token (`openssl rand -hex 32` gives 64 characters). */
export const DAPR_TOKEN_MIN_LENGTH = 32;
const PRINTABLE = /^[\x21-\x7e]+$/;
const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

/** Whether a listen address is reachable from this machine only. */
export const isLoopbackHost = (host: string): boolean => LOOPBACK.test(host.trim());

/**
 * What is wrong with the app API token of a service with routes daprd calls, listening on `host`
 * (undefined: nothing). Unset is allowed only on a loopback address, where no other machine can reach
 * those routes; the problem never contains the token.
 */
export function daprTokenProblem(token: string | undefined, host: string): string | undefined {
  if (token === undefined) {
    return isLoopbackHost(host)
      ? undefined
      : `DAPR_APP_API_TOKEN is required when HTTP_HOST (${host}) is not a loopback address: give daprd the same value as APP_API_TOKEN`;
  }
  if (token.length < DAPR_TOKEN_MIN_LENGTH) return `DAPR_APP_API_TOKEN must be at least ${DAPR_TOKEN_MIN_LENGTH} characters`;
  if (!PRINTABLE.test(token)) return 'DAPR_APP_API_TOKEN must be printable ASCII without spaces';
  return undefined;
}
