import { GenerationPointers, GenerationResolver, MONGO_DB } from '@app/mongo';
import { Provider } from '@nestjs/common';
import { Db } from 'mongodb';
import { StreamProcessorConfig } from '../stream-processor.config';
import { VIEW_NAMES, ViewName } from './view-projector';

/** Which generation of its collections each view reads and writes (see the replay tool). */
export class ViewGenerations extends GenerationResolver<ViewName> {}

/** Read before any repository is used: the pointers, or in rebuild mode the generation being built. */
export const viewGenerationsProvider: Provider = {
  provide: ViewGenerations,
  inject: [MONGO_DB, StreamProcessorConfig],
  useFactory: async (db: Db, config: StreamProcessorConfig): Promise<ViewGenerations> => {
    const generations = await new GenerationPointers(db).read(VIEW_NAMES);
    if (config.REBUILD_VIEW) generations.set(config.REBUILD_VIEW, config.REBUILD_GENERATION);
    return new ViewGenerations(db, generations as Map<ViewName, number>);
  },
};

/** The views this process runs: all of them, or in rebuild mode the one being rebuilt. */
export const activeViews = (config: StreamProcessorConfig): readonly ViewName[] => (config.REBUILD_VIEW ? [config.REBUILD_VIEW] : VIEW_NAMES);
