import { PartResult } from './results';

/** Runs one measurement; a failure is recorded as a problem of the part instead of ending the run. */
export async function attempt<T>(part: PartResult, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    part.problems.push(`${what}: ${(error as Error).message}`);
    return undefined;
  }
}
