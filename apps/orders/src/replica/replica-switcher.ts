import { PeriodicTask } from '@app/platform';
import { generationGroupId, GenerationPointers, GenerationSwitches, MONGO_DB } from '@app/mongo';
import { KafkaEventServer } from '@app/kafka';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { OrdersConfig } from '../orders.config';
import { ReplicaGenerations } from './replica-generations';

/**
 * Follows the replicas' generation pointer the replay tool writes: on a change, the consumer stops,
 * the replicas are re-pointed, and it consumes on under the new generation's group (from where the
 * rebuild stopped; replicas ignore what they already have). A switch that failed part-way (its consumer
 * stopped, reported not ready) is resumed on the next tick until it is done. Not run in rebuild mode.
 */
@Injectable()
export class ReplicaSwitcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pointers: GenerationPointers;
  private readonly instance = randomUUID();
  private server?: KafkaEventServer;
  private task?: PeriodicTask;
  private readonly switches = new GenerationSwitches<'replicas'>();

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly generations: ReplicaGenerations,
    private readonly config: OrdersConfig,
    private readonly logger: PinoLogger,
  ) {
    this.pointers = new GenerationPointers(db);
  }

  /** The group the replicas' consumer uses now. */
  groupId(): string {
    return generationGroupId(this.config.KAFKA_GROUP_ID, this.generations.generation('replicas'));
  }

  attach(server: KafkaEventServer): void {
    this.server = server;
  }

  onApplicationBootstrap(): void {
    if (this.config.REBUILD_TARGET) return;
    this.task = new PeriodicTask(() => this.follow(), this.config.GENERATION_POLL_MS, (error) => this.logger.warn({ err: error }, 'could not follow the replicas pointer; next tick retries'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  async follow(): Promise<void> {
    const generation = (await this.pointers.read(['replicas'])).get('replicas');
    const server = this.server;
    if (generation === undefined || !server) return;
    const move = await this.switches.run('replicas', this.generations.generation('replicas'), generation, ({ to }) =>
      server.regroup(generationGroupId(this.config.KAFKA_GROUP_ID, to), () => this.generations.switchTo('replicas', to)),
    );
    if (move) this.logger.info(move, 'replicas switched to a rebuilt generation');
    await this.switches.report('replicas', (served) => this.pointers.acknowledge('replicas', served, this.instance));
  }
}
