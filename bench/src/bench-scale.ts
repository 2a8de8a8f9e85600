/** How big each part runs: `full` is the benchmark, `smoke` checks in seconds that it still works. */
export interface BenchScale {
  /** `full` and `smoke` as defined here; `custom` once a size was overridden (BENCH_EVENTS etc.). */
  name: 'full' | 'smoke' | 'custom';
  p1: {
    products: number;
    events: number;
    /** The naive peer is slow: it runs on the first N events it consumes. */
    naiveEvents: number;
    /** The stream processor's VIEW_FETCH_MAX_BYTES (and the KafkaJS peers' maxBytesPerPartition). */
    fetchMaxBytes: number;
    /**
     * Records per produce request. The broker refuses a partition's record batch over 1 MB (message.max.bytes):
     * 10,000 records of ~650 bytes (the first 10,000 are all Created events on one topic's 6 partitions) came
     * to over 1 MB per partition once product ids were prefixed; 3,000 stay near 350 KB.
     */
    produceBatch: number;
  };
  p2: {
    /** Events per second, one run each. */
    rates: number[];
    seconds: number;
    /** Products the stock changes go to, round-robin; the watcher reads exactly these. */
    watchedProducts: number;
  };
  p3: {
    warmupSeconds: number;
    seconds: number;
    connections: number;
    fixedRate: number;
  };
  p4: {
    /** The rebuild (the P1 stream processor until every view is at lag 0) gives up after this long from its start. */
    timeoutSeconds: number;
  };
}

export const FULL: BenchScale = {
  name: 'full',
  p1: { products: 10_000, events: 1_000_000, naiveEvents: 20_000, fetchMaxBytes: 8 * 1024 * 1024, produceBatch: 3_000 },
  p2: { rates: [1_000, 10_000], seconds: 20, watchedProducts: 50 },
  p3: { warmupSeconds: 3, seconds: 20, connections: 10, fixedRate: 500 },
  p4: { timeoutSeconds: 90 * 60 },
};

export const SMOKE: BenchScale = {
  name: 'smoke',
  p1: { products: 200, events: 3_000, naiveEvents: 500, fetchMaxBytes: 8 * 1024 * 1024, produceBatch: 2_000 },
  p2: { rates: [200, 1_000], seconds: 2, watchedProducts: 20 },
  p3: { warmupSeconds: 1, seconds: 2, connections: 10, fixedRate: 500 },
  p4: { timeoutSeconds: 120 },
};
