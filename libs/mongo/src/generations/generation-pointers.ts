import { Db } from 'mongodb';
import { GENERATIONS_COLLECTION } from './generation-naming';

interface PointerDocument {
  _id: string;
  generation: number;
  switchedAt: string;
  /** The live processes that serve `generation` (each adds itself once it has switched). */
  servedBy?: string[];
}

/**
 * The pointer documents `{ _id: <target>, generation: N }`: which generation of a rebuildable target
 * serves. A switch is one single-document write, so it is atomic; a missing pointer means generation 0.
 */
export class GenerationPointers {
  constructor(private readonly db: Db) {}

  /** The serving generation of each target that has a pointer (targets without one are left out). */
  async read(targets: readonly string[]): Promise<Map<string, number>> {
    const docs = await this.db.collection<PointerDocument>(GENERATIONS_COLLECTION).find({ _id: { $in: [...targets] } }).toArray();
    return new Map(docs.map((d) => [d._id, d.generation]));
  }

  async write(target: string, generation: number, at: Date): Promise<void> {
    await this.db
      .collection<PointerDocument>(GENERATIONS_COLLECTION)
      .updateOne({ _id: target }, { $set: { generation, switchedAt: at.toISOString(), servedBy: [] } }, { upsert: true });
  }

  /** A live process reports that it serves `generation` now (ignored if the pointer has moved on). */
  async acknowledge(target: string, generation: number, instance: string): Promise<void> {
    await this.db.collection<PointerDocument>(GENERATIONS_COLLECTION).updateOne({ _id: target, generation }, { $addToSet: { servedBy: instance } });
  }

  /** How many live processes have reported serving the pointer's generation. */
  async servedBy(target: string, generation: number): Promise<number> {
    const doc = await this.db.collection<PointerDocument>(GENERATIONS_COLLECTION).findOne({ _id: target, generation });
    return doc?.servedBy?.length ?? 0;
  }
}
