import { EventEnvelope } from './event-envelope';

/** The newest event of each aggregate (highest aggregateVersion), for events that carry the full state. */
export function latestByAggregate<E extends EventEnvelope>(events: Iterable<E>): E[] {
  const latest = new Map<string, E>();
  for (const e of events) {
    const seen = latest.get(e.aggregateId);
    if (!seen || e.aggregateVersion > seen.aggregateVersion) latest.set(e.aggregateId, e);
  }
  return [...latest.values()];
}
