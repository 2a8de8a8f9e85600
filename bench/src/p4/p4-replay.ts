import { RebuildFigures } from '../p1/measure-stream-processor';
import { StoreFloor } from '../p1/store-floor';
import { fmt, PartResult } from '../report/results';

const TARGET_SECONDS = 15;
const TARGET_RSS_MIB = 512;

/**
 * P4: rebuild every view from the topics. A rebuild is a stream processor with a new database and new
 * consumer groups reading every topic from the beginning until each view's lag is 0 — which is exactly
 * the P1 stream processor (started from scratch on the dataset), so its figures are taken from that run:
 * time to every view at lag 0, and its peak resident set (VmHWM from /proc/<pid>/status). Beside the time,
 * the store's floor for the same records (P1's baseline (e)): no rebuild into this store takes less.
 */
export function p4Part(rebuild: RebuildFigures | undefined, floor: StoreFloor | undefined, loadAverage1m: unknown): PartResult {
  const part: PartResult = {
    id: 'P4',
    title: 'Replay (rebuild every view)',
    status: 'measured',
    problems: [],
    parameters: { how: 'the P1 stream processor: new MONGO_DB and KAFKA_GROUP_ID, every topic from the beginning, until every view reports lag 0 in /health', loadAverage1m },
    figures: { rebuild, storeFloor: floor },
    rows: [],
  };
  if (!rebuild) {
    part.status = 'failed';
    part.problems.push('no rebuild figures: the P1 stream processor did not finish');
    return part;
  }
  const seconds = rebuild.secondsFromFirstEvent;
  const peak = rebuild.rss.peakMiB;
  part.rows = [
    {
      part: 'P4',
      figure: `rebuild every view from ${fmt.int(rebuild.recordsInTopics)} records, first event → every view at lag 0 (from spawn: ${seconds === null ? '—' : `${rebuild.secondsFromSpawn?.toFixed(1)} s`})`,
      measured: seconds === null ? `not at lag 0 within ${rebuild.timeoutSeconds} s` : `${seconds.toFixed(1)} s (${fmt.rate(rebuild.recordsPerSecond, 'records/s')})`,
      baseline: floor ? `store floor ${floor.seconds} s (the views' least writes, alone)` : '',
      ratio: floor && seconds !== null ? `${(seconds / floor.seconds).toFixed(2)}× the floor` : '',
      target: `≤ ${TARGET_SECONDS} s`,
      met: seconds === null ? false : seconds <= TARGET_SECONDS,
    },
    {
      part: 'P4',
      figure: 'stream processor peak RSS during the rebuild (VmHWM)',
      measured: peak === null ? '—' : `${peak} MiB`,
      baseline: '',
      ratio: '',
      target: `≤ ${TARGET_RSS_MIB} MB`,
      met: peak === null ? null : peak * 1.048576 <= TARGET_RSS_MIB,
    },
  ];
  return part;
}
