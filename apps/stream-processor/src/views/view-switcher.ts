import { PeriodicTask } from '@app/platform';
import { GenerationPointers, MONGO_DB } from '@app/mongo';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { StreamProcessorConfig } from '../stream-processor.config';
import { activeViews } from './view-generations';
import { ViewRunner } from './view-runner';

/**
 * Follows the generation pointers the replay tool writes: when a view's pointer names another
 * generation, the view is switched in this process (reads serve the old generation until then); a
 * switch that failed part-way is resumed on the next tick until it is done. A missing pointer (a lost
 * database) changes nothing. Not run in rebuild mode.
 */
@Injectable()
export class ViewSwitcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pointers: GenerationPointers;
  private readonly instance = randomUUID();
  private task?: PeriodicTask;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly runner: ViewRunner,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {
    this.pointers = new GenerationPointers(db);
  }

  onApplicationBootstrap(): void {
    if (this.config.REBUILD_VIEW) return;
    this.task = new PeriodicTask(() => this.follow(), this.config.GENERATION_POLL_MS, (error) => this.logger.warn({ err: error }, 'could not follow the generation pointers; next tick retries'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  async follow(): Promise<void> {
    const views = activeViews(this.config);
    const pointers = await this.pointers.read(views);
    for (const view of views) {
      const generation = pointers.get(view);
      if (generation === undefined) continue;
      await this.runner.switchView(view, generation);
      await this.runner.reportSwitch(view, (served) => this.pointers.acknowledge(view, served, this.instance));
    }
  }
}
