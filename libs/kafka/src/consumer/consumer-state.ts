/**
 * Where a consumer stands. `joining`: started, has not joined its group yet (connecting, or waiting for
 * the group — e.g. for a dead member's session to expire); `rejoining`: had joined, then lost Kafka and
 * is getting back; `waiting`: a record waits for a dependency (retry-loop.ts).
 */
export type ConsumerState =
  | { phase: 'stopped' }
  | { phase: 'joining'; since: Date; lastError?: string }
  | { phase: 'consuming' }
  | { phase: 'rejoining'; since: Date; reason: string }
  | { phase: 'waiting'; since: Date; reason: string };

export interface ConsumersVerdict {
  /** Per group: why the service is not ready. */
  notReady: Record<string, string>;
  /** Per group: Kafka trouble the service serves through (reported in /health, readiness unaffected). */
  degraded: Record<string, string>;
}

/** What /health says about one consumer, or null when it consumes. */
export function describeState(groupId: string, state: ConsumerState): string | null {
  switch (state.phase) {
    case 'stopped':
      return 'consumer is not running';
    case 'joining':
      return `joining group ${groupId} since ${state.since.toISOString()}${state.lastError ? `: ${state.lastError}` : ''}`;
    case 'consuming':
      return null;
    case 'rejoining':
      return `rejoining group ${groupId} since ${state.since.toISOString()}: ${state.reason}`;
    case 'waiting':
      return `waiting for a dependency since ${state.since.toISOString()}: ${state.reason}`;
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

/**
 * The readiness rule for consumers: a service is ready only once every consumer has joined its group
 * since the process started (before that it has not read what it must have read, e.g. orders' replicas),
 * and not while one is stopped or holds a record waiting for a dependency. Losing Kafka after the first
 * join is only `degraded`: the service still serves from its database, its events wait in the outbox, and
 * a broker outage hits every replica alike, so taking them out of service would help no one.
 */
export function judgeConsumers(states: ReadonlyMap<string, ConsumerState>): ConsumersVerdict {
  const verdict: ConsumersVerdict = { notReady: {}, degraded: {} };
  states.forEach((state, groupId) => {
    const why = describeState(groupId, state);
    if (why === null) return;
    if (state.phase === 'rejoining') verdict.degraded[groupId] = why;
    else verdict.notReady[groupId] = why;
  });
  return verdict;
}
