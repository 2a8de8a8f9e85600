import type { NextFunction, Request, Response } from 'express';
import { problem } from './problem-details';
import { sendProblem } from './request-limits';

/** Deepest nesting a request body may have (the deepest DTO needs 4). */
export const MAX_BODY_DEPTH = 16;
/** Longest array a request body may hold (the longest DTO array allows 100). */
export const MAX_ARRAY_LENGTH = 1000;
/** Keys that never name a field here and that some libraries would read as the object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The codes this check answers with (documented on every operation that takes a body). */
export const BODY_SHAPE_CODES = ['REQUEST.TOO_DEEP', 'REQUEST.ARRAY_TOO_LONG', 'REQUEST.FORBIDDEN_KEY'] as const;
export type BodyShapeProblem = { code: (typeof BODY_SHAPE_CODES)[number]; path: string } | undefined;

/**
 * The first thing wrong with a parsed body's shape, found without recursion (a 256 kB body can nest
 * 100,000 levels deep) and before validation, whose cost grows with every nested element.
 */
export function bodyShapeProblem(body: unknown): BodyShapeProblem {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { code: 'REQUEST.TOO_DEEP', path };
    if (Array.isArray(value)) {
      if (value.length > MAX_ARRAY_LENGTH) return { code: 'REQUEST.ARRAY_TOO_LONG', path };
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { code: 'REQUEST.FORBIDDEN_KEY', path: child };
      stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return undefined;
}

const DETAILS: Record<NonNullable<BodyShapeProblem>['code'], string> = {
  'REQUEST.TOO_DEEP': `the request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
  'REQUEST.ARRAY_TOO_LONG': `an array in the request body has more than ${MAX_ARRAY_LENGTH} elements`,
  'REQUEST.FORBIDDEN_KEY': 'the request body has a key that is never a field (__proto__, constructor, prototype)',
};

/** Refuses a parsed JSON body that is too deep, holds an overlong array or a prototype key (400, naming where). */
export function bodyShape(req: Request, res: Response, next: NextFunction): void {
  const found = bodyShapeProblem(req.body);
  if (!found) return next();
  const field = found.path.length <= 200 ? found.path || '(body)' : `${found.path.slice(0, 200)}…`;
  sendProblem(req, res, problem(400, found.code, DETAILS[found.code], [{ field, message: DETAILS[found.code] }]));
}
