/** One partition's end offsets and where a consumer group stands in it (-1: nothing committed yet). */
export interface PartitionPosition {
  topic: string;
  partition: number;
  low: number;
  high: number;
  committed: number;
}

export interface Progress {
  /** Records applied so far, over every partition. */
  done: number;
  /** Records in the topics at the last read of their end offsets. */
  total: number;
  lag: number;
}

/** How far a group has got through its topics: positions count from each partition's low watermark. */
export function progressOf(positions: PartitionPosition[]): Progress {
  let done = 0;
  let total = 0;
  for (const p of positions) {
    const size = Math.max(0, p.high - p.low);
    total += size;
    done += Math.min(size, Math.max(0, p.committed - p.low));
  }
  return { done, total, lag: total - done };
}

/**
 * True when every partition's committed offset reached `other`'s. A partition `other` never committed,
 * or committed at its start (nothing before it: an empty partition), counts as reached.
 */
export function reached(positions: PartitionPosition[], other: PartitionPosition[]): boolean {
  const mine = new Map(positions.map((p) => [`${p.topic}/${p.partition}`, p.committed]));
  return other.every((o) => o.committed <= o.low || (mine.get(`${o.topic}/${o.partition}`) ?? -1) >= o.committed);
}

/** Events per second between two samples, and the seconds left at that rate (null while unknown). */
export function rateAndEta(before: { done: number; at: number }, after: { done: number; at: number; lag: number }): { rate: number; etaSeconds: number | null } {
  const seconds = (after.at - before.at) / 1000;
  const rate = seconds > 0 ? Math.max(0, after.done - before.done) / seconds : 0;
  if (after.lag === 0) return { rate, etaSeconds: 0 };
  return { rate, etaSeconds: rate > 0 ? Math.ceil(after.lag / rate) : null };
}

export const formatEta = (seconds: number | null): string => {
  if (seconds === null) return '--:--';
  const m = Math.floor(seconds / 60);
  return `${String(m).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};
