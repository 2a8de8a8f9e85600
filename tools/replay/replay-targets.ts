import { Topic } from '@app/contracts';
import { generationCollection } from '@app/mongo';
import { Db } from 'mongodb';
import { Doc } from './view-comparison';
import { eventsOfSlices, SliceDocument } from '../../apps/stream-processor/src/history/domain/event-slices';
import { sharedViewsGroupId, viewBaseGroup, VIEW_TOPICS, ViewName } from '../../apps/stream-processor/src/views/view-projector';

export type ReplayService = 'stream-processor' | 'orders' | 'accounts' | 'catalog';

/** Which database and consumer-group prefix each rebuildable service uses (its MONGO_DB and KAFKA_GROUP_ID). */
export interface ServiceLocation {
  db: string;
  group: string;
}

/**
 * A rebuildable target: a set of collections one consumer group keeps from some topics, rebuilt
 * together into a new generation by running the service in rebuild mode.
 */
export interface ReplayTarget {
  name: string;
  service: ReplayService;
  /** The group of generation 0 (e.g. `<KAFKA_GROUP_ID>.<view>`); generation N adds `.g<N>`. */
  baseGroup: (location: ServiceLocation) => string;
  /** Where generation 0 consumes under a group it shares with the service's other targets (never deleted with the generation). */
  sharedGroup?: (location: ServiceLocation) => string;
  topics: string[];
  collections: { name: string; ignore: string[]; documents?: (stored: Doc[]) => Doc[] }[];
  /** The service's environment that makes it rebuild this target into `generation`. */
  rebuildEnv: (generation: number) => Record<string, string>;
  /** Whether a caught-up rebuild has also done its time-based work (absent: nothing to wait for). */
  settled?: (db: Db, generation: number) => Promise<boolean>;
}

const view = (name: ViewName, collections: ReplayTarget['collections'], settled?: ReplayTarget['settled']): ReplayTarget => ({
  name,
  service: 'stream-processor',
  baseGroup: ({ group }) => viewBaseGroup(group, name),
  sharedGroup: ({ group }) => sharedViewsGroupId(group),
  topics: [...VIEW_TOPICS[name]],
  collections,
  rebuildEnv: (generation) => ({ REBUILD_VIEW: name, REBUILD_GENERATION: String(generation) }),
  settled,
});

/** No delayed-order timer of the generation is due and unfired. */
const timersFired = async (db: Db, generation: number) =>
  (await db.collection(generationCollection('alert_orders', generation)).countDocuments({ timerPending: true, dueAt: { $lte: new Date().toISOString() } })) === 0;

/** The event index compared event by event: where one flush cut its slices is not part of what it holds. */
const indexedEvents = (slices: Doc[]): Doc[] => eventsOfSlices(slices as unknown as SliceDocument[]).map(({ eventId, ...fields }) => ({ _id: eventId, ...fields }));

// `version` of catalogue entries and alerts counts writes (optimistic concurrency), not events: batches differ between runs.
export const REPLAY_TARGETS: readonly ReplayTarget[] = [
  view('catalogue', [{ name: 'catalogue', ignore: ['version', 'outbox', 'outboxLease'] }]),
  view('alerts', [
    { name: 'alerts', ignore: ['version'] },
    { name: 'alert_orders', ignore: [] },
    { name: 'alert_stock', ignore: [] },
  ], timersFired),
  view('history', [
    { name: 'event_index', ignore: [], documents: indexedEvents },
  ]),
  {
    name: 'replicas',
    service: 'orders',
    baseGroup: ({ group }) => group,
    topics: [Topic.CustomerChange, Topic.ProductEvents],
    collections: [
      { name: 'customer_replica', ignore: [] },
      { name: 'product_replica', ignore: [] },
    ],
    rebuildEnv: (generation) => ({ REBUILD_TARGET: 'replicas', REBUILD_GENERATION: String(generation) }),
  },
];
