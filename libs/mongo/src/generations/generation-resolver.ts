import { Collection, Db, Document } from 'mongodb';
import { generationCollection } from './generation-naming';

/**
 * The serving generation of each rebuildable target of one service, in memory. Repositories ask it for
 * their collection on every operation, so a switch re-points them at once.
 */
export class GenerationResolver<T extends string = string> {
  private readonly current = new Map<T, number>();

  constructor(
    private readonly db: Db,
    initial: ReadonlyMap<T, number> = new Map(),
  ) {
    initial.forEach((generation, target) => this.current.set(target, generation));
  }

  generation(target: T): number {
    return this.current.get(target) ?? 0;
  }

  switchTo(target: T, generation: number): void {
    this.current.set(target, generation);
  }

  collectionName(target: T, base: string): string {
    return generationCollection(base, this.generation(target));
  }

  collection<D extends Document>(target: T, base: string): Collection<D> {
    return this.db.collection<D>(this.collectionName(target, base));
  }
}
