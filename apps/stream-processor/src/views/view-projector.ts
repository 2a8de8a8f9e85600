import { ConsumedEvent } from '@app/kafka';
import { generationGroupId } from '@app/mongo';
import { Observable } from 'rxjs';

export const VIEW_NAMES = ['catalogue', 'alerts', 'history'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * Keeps one view from a set of topics. Each view is its own consumer group, so it has its own offsets
 * and lag and can be rebuilt alone. A projector keeps the view's keyed state in memory: `apply` gets a
 * partition's fetched batch in offset order and changes that state (all or nothing), `flush` writes
 * what changed since the last flush, and offsets are committed only after it. `apply` must recognise
 * what the stored state already holds: after a crash the records not flushed are delivered again.
 */
export interface ViewProjector {
  readonly view: ViewName;
  readonly topics: string[];
  apply(events: ConsumedEvent[]): Promise<void>;
  /** Keys changed since the last flush. */
  pending(): number;
  /** True when the unflushed changes hold as much memory as the projector allows, however few keys they touch. */
  full?(): boolean;
  /** Writes the changed keys; 'conflict' when another writer changed one since it was cached. */
  flush(): Promise<'ok' | 'conflict'>;
  /** Forgets the cached state (a conflict, a rebalance, a generation switch). */
  reset(): void;
  /** Called while the view's consumer is stopped, after its repositories were re-pointed from one generation to another. */
  generationSwitched?(from: number, to: number): Promise<void>;
  /** Work on the state that no record of the view's partitions brings: `run` is done in turn with the batches whenever `due` emits, then flushed. */
  readonly punctuation?: { due: Observable<unknown>; run(): Promise<void> };
}

export const VIEW_PROJECTORS = Symbol('VIEW_PROJECTORS');

/** Each view is its own consumer group: `<KAFKA_GROUP_ID>.<view>`, and `<KAFKA_GROUP_ID>.<view>.g<N>` for a rebuilt generation N. */
export const viewGroupId = (config: { KAFKA_GROUP_ID: string }, view: ViewName, generation = 0): string =>
  generationGroupId(`${config.KAFKA_GROUP_ID}.${view}`, generation);
