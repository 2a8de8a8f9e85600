import { PartResult } from '../report/results';

/** P4 (replay) belongs to the replay tool, which is being built elsewhere: a named slot, no figures. */
export function p4Slot(): PartResult {
  return {
    id: 'P4',
    title: 'Replay',
    status: 'not measured yet',
    problems: [],
    parameters: {},
    figures: { note: 'not measured yet: the replay tool is being built elsewhere' },
    rows: [{ part: 'P4', figure: 'replay (rebuild a view from the topics)', measured: 'not measured yet', baseline: '', ratio: '', target: '', met: null }],
  };
}
