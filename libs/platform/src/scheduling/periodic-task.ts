/**
 * Runs `work` every `intervalMs`, never two runs at once (a tick that finds the last run going skips);
 * a failed run is reported and the next tick tries again. `stop()` clears the timer and waits for a
 * run in progress.
 */
export class PeriodicTask {
  private readonly timer: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(work: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void) {
    this.timer = setInterval(() => {
      this.running ??= work()
        .then(() => undefined)
        .catch(onError)
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
