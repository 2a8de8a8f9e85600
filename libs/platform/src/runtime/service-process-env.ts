/**
 * What a service's process is started with beyond its configuration, the same in every launcher: the
 * chart's and compose's environment, scripts/services.sh, and the processes the tests, the benchmark,
 * the chaos harness and the replay tool start (scripts/services.sh reads this table from dist; test/deploy
 * holds compose and the chart to it).
 *
 * The stream processor keeps keyed state in memory and reads whole fetches, so Node's defaults on a
 * large machine (a 4 GB heap limit, 64 MiB semi-spaces) let its resident set grow far past what it
 * holds live. Capped as below, a 1,000,000-record rebuild peaked at 453–498 MiB instead of 680–729 MiB,
 * for about a fifth less catch-up throughput (more garbage collection; bench/README.md, P4):
 * - `--max-old-space-size`: the old generation's cap, with room above the live set of its state (about
 *   150–250 MiB at 10,000 products). Raise it (and the container limit) with the number of keys.
 * - `--max-semi-space-size`: a young generation of 2 × 16 MiB instead of 2 × 64 MiB.
 * - `MALLOC_MMAP_THRESHOLD_` (glibc): fetched record batches and BSON buffers are allocated with mmap
 *   and handed back when freed, instead of staying in malloc's arenas.
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'stream-processor': { NODE_OPTIONS: '--max-old-space-size=320 --max-semi-space-size=16', MALLOC_MMAP_THRESHOLD_: '131072' },
};

/** The process environment `app` is started with (empty for a service that needs none). */
export const serviceProcessEnv = (app: string): Readonly<Record<string, string>> => SERVICE_PROCESS_ENV[app] ?? {};
