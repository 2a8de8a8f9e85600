import { ConsumedEvent } from '@app/kafka';

export const VIEW_NAMES = ['catalogue', 'alerts', 'history'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * Keeps one view from a set of topics. Each view is its own consumer group, so it has its own offsets
 * and lag and can be rebuilt alone. `project` gets a partition's fetched batch in offset order and must
 * be idempotent: after a crash the batch is delivered again.
 */
export interface ViewProjector {
  readonly view: ViewName;
  readonly topics: string[];
  project(events: ConsumedEvent[]): Promise<void>;
}

export const VIEW_PROJECTORS = Symbol('VIEW_PROJECTORS');

/** Each view is its own consumer group: `<KAFKA_GROUP_ID>.<view>`. */
export const viewGroupId = (config: { KAFKA_GROUP_ID: string }, view: ViewName): string => `${config.KAFKA_GROUP_ID}.${view}`;
