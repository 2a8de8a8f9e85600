import { FieldProblem } from '@app/core';
import { CardFlag, MaskedCard } from '@app/contracts';

/** A card as submitted; the full number lives only in memory for the duration of the check. */
export interface CardInput {
  type: MaskedCard['type'];
  description?: string;
  number: string;
  expiration: string;
  nameOnCard: string;
}

export type CardCheck = { ok: true; card: MaskedCard } | { ok: false; problem: FieldProblem };

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const BRANDS: [string, RegExp][] = [
  ['AMEX', /^3[47]/],
  ['VISA', /^4/],
  ['MASTERCARD', /^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/],
  ['DISCOVER', /^(6011|65|64[4-9])/],
  ['DINERS', /^3(0[0-5]|[68])/],
  ['JCB', /^35(2[89]|[3-8])/],
];

export const brandOf = (digits: string): string => BRANDS.find(([, re]) => re.test(digits))?.[0] ?? 'OTHER';

/** "M/YY", "MM/YY" or "MM/YYYY" (the original design's samples write "6/19") → month and four-digit year. */
export function parseExpiration(value: string): { month: number; year: number } | null {
  const match = /^(0?[1-9]|1[0-2])\/(\d{2}|\d{4})$/.exec(value.trim());
  if (!match) return null;
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { month: Number(match[1]), year };
}

/** A card is valid through the last day of its expiry month (UTC). */
export const isExpired = (exp: { month: number; year: number }, now: Date): boolean =>
  now.getTime() >= Date.UTC(exp.year, exp.month, 1);

/**
 * What a failed Luhn check or a past expiry does: `refuse` the card (the native routes), or keep it with
 * a flag saying so (`flag`: the compatibility route, whose sample cards are test numbers long expired).
 * A number that is not 12 to 19 digits, or an expiry that cannot be read, is refused either way.
 */
export type CardPolicy = 'refuse' | 'flag';

/** Checks format, Luhn and expiry, then keeps only brand, last four digits and expiry (and flags, if any). */
export function maskCard(input: CardInput, field: string, now: Date, policy: CardPolicy = 'refuse'): CardCheck {
  const digits = input.number.replace(/[\s-]/g, '');
  const fail = (path: string, message: string): CardCheck => ({ ok: false, problem: { field: `${field}.${path}`, message } });
  if (!/^\d{12,19}$/.test(digits)) return fail('number', 'must be 12 to 19 digits');
  const exp = parseExpiration(input.expiration);
  const flags: CardFlag[] = [];
  if (!luhnValid(digits)) {
    if (policy === 'refuse') return fail('number', 'fails the Luhn check');
    flags.push('CHECK_DIGIT_FAILED');
  }
  if (!exp) return fail('expiration', 'must be M/YY, MM/YY or MM/YYYY');
  if (isExpired(exp, now)) {
    if (policy === 'refuse') return fail('expiration', 'card has expired');
    flags.push('EXPIRED');
  }
  return {
    ok: true,
    card: {
      type: input.type,
      ...(input.description !== undefined ? { description: input.description } : {}),
      brand: brandOf(digits),
      last4: digits.slice(-4),
      expiration: `${String(exp.month).padStart(2, '0')}/${exp.year}`,
      nameOnCard: input.nameOnCard,
      ...(flags.length > 0 ? { flags } : {}),
    },
  };
}
