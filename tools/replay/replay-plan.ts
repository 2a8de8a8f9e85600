import { REPLAY_TARGETS, ReplayTarget } from './replay-targets';
import { RESTORE_TARGETS, RestoreTarget } from './restore-targets';

export const TARGET_NAMES = [...RESTORE_TARGETS.map((t) => t.name), ...REPLAY_TARGETS.map((t) => t.name), 'all'];

export interface ReplayPlan {
  restores: RestoreTarget[];
  rebuilds: ReplayTarget[];
}

/** What a target name stands for: one service's collections, one view, or `all` of them. */
export function resolvePlan(name: string): ReplayPlan {
  if (name === 'all') return { restores: [...RESTORE_TARGETS], rebuilds: [...REPLAY_TARGETS] };
  const restores = RESTORE_TARGETS.filter((t) => t.name === name);
  const rebuilds = REPLAY_TARGETS.filter((t) => t.name === name);
  if (restores.length + rebuilds.length === 0) throw new Error(`unknown target "${name}": one of ${TARGET_NAMES.join(', ')}`);
  return { restores, rebuilds };
}
