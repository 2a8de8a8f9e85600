/**
 * Test switch: when FAULT_KILL_AFTER_DB_WRITE is set, the process kills itself right after a command's
 * database write and before the relay could publish — proving the outbox survives such a crash.
 */
export function killIfFaultInjected(enabled: boolean): void {
  if (enabled) process.kill(process.pid, 'SIGKILL');
}
