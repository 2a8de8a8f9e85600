import { TEST_CARD_NUMBERS } from '@app/testing';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NUMBERS = Object.values(TEST_CARD_NUMBERS);

/** A number also as people and forms write it: digit groups split by spaces, dashes or dots. */
const PATTERNS = NUMBERS.map((n) => ({ number: n, pattern: new RegExp(n.split('').join('[ .-]?')) }));

/** Runs of base64 long enough to hold a 12-digit number (16 characters), standard or URL-safe alphabet. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

/** Every window of a base64 run that starts on a 4-character boundary of some encoding, decoded. */
function decodedRuns(text: string): string[] {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(BASE64_RUN)) {
    // The encoded number may start mid-run (e.g. inside a data_base64 field): try each of the 4 phases.
    for (let phase = 0; phase < 4; phase++) decoded.push(Buffer.from(run.slice(phase).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
  }
  return decoded;
}

/** The test card numbers found in bytes or text: plain, with separators, or base64-encoded. */
export function cardNumbersIn(bytes: Buffer | string): string[] {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  const candidates = [text, ...decodedRuns(text)];
  return PATTERNS.filter(({ pattern }) => candidates.some((c) => pattern.test(c))).map(({ number }) => number);
}

/** Every file under a directory (none if it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}
