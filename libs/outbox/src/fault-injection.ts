/**
 * Test switches: FAULT_KILL_AFTER_DB_WRITE kills the process right after a command's database write,
 * before the relay could publish (the outbox survives it); FAULT_KILL_AFTER_PUBLISHES=N right after the
 * relay's Nth acknowledged request, before its entries are removed (the next relay sends none again).
 */
export function killIfFaultInjected(enabled: boolean): void {
  if (enabled) process.kill(process.pid, 'SIGKILL');
}
