import { Injectable } from '@nestjs/common';
import { ViewName } from './view-projector';

/**
 * Which partitions this instance owns per view, as its consumer group last assigned them. Instances
 * of one group share a view's partitions, so work that is not driven by a record — the delayed-order
 * timers, a change of the global stock table — is done only for what this instance owns. Before the
 * first assignment (and in rebuild mode, which reads every partition alone) it owns everything.
 */
@Injectable()
export class ViewAssignments {
  private readonly assigned = new Map<ViewName, Record<string, number[]>>();

  set(view: ViewName, assignment: Record<string, number[]>): void {
    this.assigned.set(view, assignment);
  }

  owns(view: ViewName, topic: string, partition: number): boolean {
    return this.partitions(view, topic)?.includes(partition) ?? true;
  }

  /** The partitions of `topic` this instance owns for `view`; undefined while it owns everything. */
  partitions(view: ViewName, topic: string): readonly number[] | undefined {
    const assignment = this.assigned.get(view);
    return assignment ? (assignment[topic] ?? []) : undefined;
  }
}
