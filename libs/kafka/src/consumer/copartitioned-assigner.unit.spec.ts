import { copartitionedAssignment } from './copartitioned-assigner';

describe('copartitionedAssignment', () => {
  const six = [0, 1, 2, 3, 4, 5];

  it('gives each member the same partition numbers of every topic, spread evenly', () => {
    const assignment = copartitionedAssignment(['m-b', 'm-c', 'm-a'], new Map([['products', six], ['reviews', six], ['alerts', six]]));
    expect(Object.fromEntries(assignment)).toEqual({
      'm-a': { products: [0, 3], reviews: [0, 3], alerts: [0, 3] },
      'm-b': { products: [1, 4], reviews: [1, 4], alerts: [1, 4] },
      'm-c': { products: [2, 5], reviews: [2, 5], alerts: [2, 5] },
    });
  });

  it('one member owns everything; a topic with fewer partitions keeps its numbers with their owners', () => {
    expect(Object.fromEntries(copartitionedAssignment(['only'], new Map([['a', six], ['dlq', [0]]])))).toEqual({ only: { a: six, dlq: [0] } });
    expect(Object.fromEntries(copartitionedAssignment(['x', 'y'], new Map([['a', [0, 1, 2]], ['b', [0]]])))).toEqual({ x: { a: [0, 2], b: [0] }, y: { a: [1] } });
  });

  it('leaves a member beyond the partition count without partitions', () => {
    expect(Object.fromEntries(copartitionedAssignment(['a', 'b', 'c'], new Map([['t', [0, 1]]])))).toEqual({ a: { t: [0] }, b: { t: [1] }, c: {} });
  });
});
