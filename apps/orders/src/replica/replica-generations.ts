import { GenerationResolver } from '@app/mongo';

/** Which generation of the replica collections orders reads and writes (see the replay tool). */
export class ReplicaGenerations extends GenerationResolver<'replicas'> {}
