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

/** A minimal Redis client (RESP2 over TCP): enough to list every key and read its value as text. */
export async function redisContents(url: string): Promise<Map<string, string>> {
  const { hostname, port } = new URL(url);
  const socket = (await import('node:net')).connect(Number(port || 6379), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffer = Buffer.alloc(0);
  const waiting: ((reply: unknown) => void)[] = [];
  /** Parses one reply at `at`; returns it and where it ends, or undefined if incomplete. */
  const parse = (at: number): [unknown, number] | undefined => {
    const eol = buffer.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const head = buffer.toString('latin1', at + 1, eol);
    switch (String.fromCharCode(buffer[at])) {
      case '+':
      case '-':
      case ':':
        return [head, eol + 2];
      case '$': {
        const length = Number(head);
        if (length < 0) return [null, eol + 2];
        if (buffer.length < eol + 2 + length + 2) return undefined;
        return [buffer.toString('latin1', eol + 2, eol + 2 + length), eol + 2 + length + 2];
      }
      case '*': {
        const items: unknown[] = [];
        let next = eol + 2;
        for (let i = 0; i < Number(head); i++) {
          const item = parse(next);
          if (!item) return undefined;
          items.push(item[0]);
          next = item[1];
        }
        return [items, next];
      }
      default:
        throw new Error(`unexpected Redis reply ${head}`);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let reply = parse(0); reply; reply = parse(0)) {
      buffer = buffer.subarray(reply[1]);
      waiting.shift()?.(reply[0]);
    }
  });
  const command = (...args: string[]): Promise<unknown> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
  const contents = new Map<string, string>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = (await command('SCAN', cursor, 'COUNT', '1000')) as [string, string[]];
      cursor = next;
      for (const key of keys) {
        const type = (await command('TYPE', key)) as string;
        const read: Record<string, string[]> = { string: ['GET', key], hash: ['HGETALL', key], list: ['LRANGE', key, '0', '-1'], set: ['SMEMBERS', key], zset: ['ZRANGE', key, '0', '-1'], stream: ['XRANGE', key, '-', '+'] };
        contents.set(key, JSON.stringify(read[type] ? await command(...read[type]) : `(${type})`));
      }
    } while (cursor !== '0');
  } finally {
    socket.destroy();
  }
  return contents;
}
