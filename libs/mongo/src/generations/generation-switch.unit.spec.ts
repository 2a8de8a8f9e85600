import { GenerationSwitches, SwitchMove } from './generation-switch';

/** A reader whose switch steps can be made to fail, recording what each attempt did. */
function reader(failures: string[]) {
  const state = { serving: 0, running: true, log: [] as string[] };
  const steps = async ({ from, to }: SwitchMove): Promise<void> => {
    const step = async (name: string, effect: () => void): Promise<void> => {
      state.log.push(name);
      if (failures[0] === name) {
        failures.shift();
        throw new Error(`${name} failed`);
      }
      effect();
      await Promise.resolve();
    };
    await step(`stop g${from}`, () => (state.running = false));
    await step(`point to g${to}`, () => (state.serving = to));
    await step(`start g${to}`, () => (state.running = true));
  };
  return { state, steps };
}

describe('GenerationSwitches', () => {
  it('does nothing while the reader serves the target and nothing is pending', async () => {
    const switches = new GenerationSwitches<'view'>();
    const { state, steps } = reader([]);
    await expect(switches.run('view', 0, 0, steps)).resolves.toBeUndefined();
    expect(state.log).toEqual([]);
  });

  it('resumes a switch that failed after re-pointing the reads, although the reader already serves the target', async () => {
    const switches = new GenerationSwitches<'view'>();
    const { state, steps } = reader(['start g1']);
    await expect(switches.run('view', 0, 1, steps)).rejects.toThrow('start g1 failed');
    expect(state).toMatchObject({ serving: 1, running: false });
    expect(switches.current('view')).toEqual({ from: 0, to: 1 });

    await expect(switches.run('view', state.serving, 1, steps)).resolves.toEqual({ from: 0, to: 1 });
    expect(state).toMatchObject({ serving: 1, running: true });
    expect(switches.current('view')).toBeUndefined();
    expect(state.log).toEqual(['stop g0', 'point to g1', 'start g1', 'stop g0', 'point to g1', 'start g1']);
  });

  it('keeps retrying for as long as a step fails, then finishes', async () => {
    const switches = new GenerationSwitches<'view'>();
    const { state, steps } = reader(['stop g0', 'stop g0', 'point to g1']);
    for (let attempt = 0; attempt < 3; attempt++) await expect(switches.run('view', state.serving, 1, steps)).rejects.toThrow();
    await switches.run('view', state.serving, 1, steps);
    expect(state).toMatchObject({ serving: 1, running: true });
    expect(switches.needed('view', 1, 1)).toBe(false);
  });

  it('moves a pending switch on to a newer target, from the generation it left', async () => {
    const switches = new GenerationSwitches<'view'>();
    const { state, steps } = reader(['start g1']);
    await expect(switches.run('view', 0, 1, steps)).rejects.toThrow();
    await expect(switches.run('view', state.serving, 2, steps)).resolves.toEqual({ from: 0, to: 2 });
    expect(state.serving).toBe(2);
  });

  it('reports a finished switch once, and again after a failed report', async () => {
    const switches = new GenerationSwitches<'view'>();
    const { steps } = reader([]);
    const reported: number[] = [];
    let failReport = true;
    const report = async (generation: number): Promise<void> => {
      await Promise.resolve();
      if (failReport) {
        failReport = false;
        throw new Error('store down');
      }
      reported.push(generation);
    };
    await switches.report('view', report);
    expect(reported).toEqual([]);
    await switches.run('view', 0, 3, steps);
    await expect(switches.report('view', report)).rejects.toThrow('store down');
    await switches.report('view', report);
    await switches.report('view', report);
    expect(reported).toEqual([3]);
  });
});
