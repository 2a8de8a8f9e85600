import { CommandOutcome } from './command-outcome';

export interface SteadyLoadOptions {
  ratePerSecond: number;
  /** Commands in flight at most; a slower service lowers the rate rather than piling up requests. */
  concurrency: number;
  maxCommands: number;
}

/**
 * Sends commands at a steady rate until stopped or the bound is reached, keeping every outcome. Open
 * loop up to `concurrency` in flight: a hanging service shows up as timed-out commands, not as silence.
 */
export class SteadyLoad {
  readonly outcomes: CommandOutcome[] = [];
  private stopped = false;
  private sent = 0;
  private running?: Promise<void>;

  constructor(
    private readonly options: SteadyLoadOptions,
    private readonly command: (n: number) => Promise<CommandOutcome>,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Stops sending and waits for the commands in flight. */
  async stop(): Promise<CommandOutcome[]> {
    this.stopped = true;
    await this.running;
    return this.outcomes;
  }

  private async loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const interval = 1000 / this.options.ratePerSecond;
    const started = Date.now();
    while (!this.stopped && this.sent < this.options.maxCommands) {
      const due = started + this.sent * interval;
      if (due > Date.now()) await sleep(due - Date.now());
      if (inFlight.size >= this.options.concurrency) await Promise.race(inFlight);
      if (this.stopped) break;
      const p = this.command(this.sent++).then((o) => {
        this.outcomes.push(o);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
