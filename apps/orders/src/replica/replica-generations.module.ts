import { GenerationPointers, MONGO_DB } from '@app/mongo';
import { Global, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { OrdersConfig } from '../orders.config';
import { ReplicaGenerations } from './replica-generations';
import { ReplicaSwitcher } from './replica-switcher';

/** Read before any repository is used: the pointer, or in rebuild mode the generation being built. */
@Global()
@Module({
  providers: [
    {
      provide: ReplicaGenerations,
      inject: [MONGO_DB, OrdersConfig],
      useFactory: async (db: Db, config: OrdersConfig): Promise<ReplicaGenerations> => {
        const generations = await new GenerationPointers(db).read(['replicas']);
        if (config.REBUILD_TARGET) generations.set('replicas', config.REBUILD_GENERATION);
        return new ReplicaGenerations(db, generations as Map<'replicas', number>);
      },
    },
    ReplicaSwitcher,
  ],
  exports: [ReplicaGenerations, ReplicaSwitcher],
})
export class ReplicaGenerationsModule {}
