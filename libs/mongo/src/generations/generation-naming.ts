/** Where a target's pointer documents live, in the database of the service that owns the target. */
export const GENERATIONS_COLLECTION = 'view_generations';

const SUFFIX = /__g(\d+)$/;

/** Generation 0 is the plain name (the data before any rebuild); generation N is `<name>__g<N>`. */
export const generationCollection = (base: string, generation: number): string => (generation === 0 ? base : `${base}__g${generation}`);

/** The consumer group of a generation: `<group>` for 0, `<group>.g<N>` after that (a fresh group reads from the beginning). */
export const generationGroupId = (group: string, generation: number): string => (generation === 0 ? group : `${group}.g${generation}`);

/** The generation a collection name belongs to, if it is one of `base`'s. */
export function generationOfCollection(base: string, name: string): number | null {
  if (name === base) return 0;
  const match = name.startsWith(`${base}__g`) ? SUFFIX.exec(name) : null;
  return match ? Number(match[1]) : null;
}

/** The generation a group id belongs to, if it is one of `group`'s. */
export function generationOfGroup(group: string, groupId: string): number | null {
  if (groupId === group) return 0;
  const rest = groupId.startsWith(`${group}.g`) ? groupId.slice(group.length + 2) : '';
  return /^\d+$/.test(rest) ? Number(rest) : null;
}
