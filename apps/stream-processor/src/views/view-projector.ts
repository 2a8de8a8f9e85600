import { Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { generationGroupId } from '@app/mongo';
import { Observable } from 'rxjs';

export const VIEW_NAMES = ['catalogue', 'alerts', 'history'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** The topics each view reads. */
export const VIEW_TOPICS: Readonly<Record<ViewName, readonly string[]>> = {
  catalogue: [Topic.ProductEvents, Topic.ReviewEvents],
  alerts: [Topic.OrderEvents, Topic.ProductEvents, Topic.StockAlerts],
  history: [Topic.CustomerChange, Topic.OrderEvents, Topic.ProductEvents, Topic.ReviewEvents, Topic.StockAlerts],
};

/** The views that read `topic`. */
export const viewsReading = (topic: string): ViewName[] => VIEW_NAMES.filter((view) => VIEW_TOPICS[view].includes(topic));

/**
 * Keeps one view from a set of topics. The views share one consumer (viewGroupId), each with its own
 * lag on its own topics, and each can be rebuilt alone. A projector keeps the view's keyed state in
 * memory: `apply` gets a partition's fetched batch in offset order and changes that state (all or
 * nothing), `flush` writes what changed since the last flush, and offsets are committed only after it.
 * `apply` must recognise what the stored state already holds: after a crash the records not flushed
 * are delivered again.
 */
export interface ViewProjector {
  readonly view: ViewName;
  readonly topics: string[];
  apply(events: ConsumedEvent[]): Promise<void>;
  /** Keys changed since the last flush. */
  pending(): number;
  /** True when the unflushed changes hold as much memory as the projector allows, however few keys they touch. */
  full?(): boolean;
  /** See StatefulHandler.holdsCommit: the view stores what an earlier writer may have stored past `through`. */
  holdsCommit?(topic: string, partition: number, through: string): boolean;
  /** Writes the changed keys; 'conflict' when another writer changed one since it was cached. */
  flush(): Promise<'ok' | 'conflict'>;
  /** Forgets the cached state (a conflict, a rebalance, a generation switch); never called while its flush runs. */
  reset(): void;
  /** Called while the view's consumer is stopped, after its repositories were re-pointed from one generation to another. */
  generationSwitched?(from: number, to: number): Promise<void>;
  /** Work on the state that no record of the view's partitions brings: `run` is done in turn with the batches whenever `due` emits, then flushed. */
  readonly punctuation?: { due: Observable<unknown>; run(): Promise<void> };
}

export const VIEW_PROJECTORS = Symbol('VIEW_PROJECTORS');

/**
 * The views on their first generation share one consumer group, `<KAFKA_GROUP_ID>.views`: each record
 * is fetched and decoded once for all of them. A rebuilt generation N of a view is its own group,
 * `<KAFKA_GROUP_ID>.<view>.g<N>` (it was built alone and goes on from where its rebuild stopped).
 */
export const viewGroupId = (config: { KAFKA_GROUP_ID: string }, view: ViewName, generation = 0): string =>
  generation === 0 ? sharedViewsGroupId(config.KAFKA_GROUP_ID) : generationGroupId(viewBaseGroup(config.KAFKA_GROUP_ID, view), generation);

export const sharedViewsGroupId = (prefix: string): string => `${prefix}.views`;

/** What a view's own groups are named after (`.g<N>` added), and the group its dead letters name: `<KAFKA_GROUP_ID>.<view>`. */
export const viewBaseGroup = (prefix: string, view: ViewName): string => `${prefix}.${view}`;
