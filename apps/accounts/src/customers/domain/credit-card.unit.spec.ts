import { brandOf, luhnValid, maskCard, parseExpiration } from './credit-card.value-object';

const now = new Date('2026-11-23T10:00:00Z');
const card = (number: string, expiration = '12/2030') => ({ type: 'PRIMARY' as const, number, expiration, nameOnCard: 'A LOVELACE' });

describe('credit card', () => {
  it('accepts Luhn-valid numbers and rejects others', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('names the brand from the number prefix', () => {
    expect(brandOf('4111111111111111')).toBe('VISA');
    expect(brandOf('5555555555554444')).toBe('MASTERCARD');
    expect(brandOf('2221000000000009')).toBe('MASTERCARD');
    expect(brandOf('378282246310005')).toBe('AMEX');
    expect(brandOf('6011111111111117')).toBe('DISCOVER');
    expect(brandOf('9999999999999995')).toBe('OTHER');
  });

  it('reads MM/YY and MM/YYYY expirations', () => {
    expect(parseExpiration('07/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiration('07/2029')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiration('13/2029')).toBeNull();
    expect(parseExpiration('7/29')).toBeNull();
  });

  it('given a valid card, keeps only brand, last four and expiry', () => {
    const result = maskCard(card('4111 1111 1111 1111', '01/31'), 'creditCards[0]', now);
    expect(result).toEqual({
      ok: true,
      card: { type: 'PRIMARY', brand: 'VISA', last4: '1111', expiration: '01/2031', nameOnCard: 'A LOVELACE' },
    });
    expect(JSON.stringify(result)).not.toContain('4111111111111111');
  });

  it('names the field of a bad number, a bad expiry and an expired card', () => {
    expect(maskCard(card('4111111111111112'), 'creditCards[1]', now)).toEqual({
      ok: false,
      problem: { field: 'creditCards[1].number', message: 'fails the Luhn check' },
    });
    expect(maskCard(card('4111-abc'), 'c', now)).toMatchObject({ ok: false, problem: { field: 'c.number' } });
    expect(maskCard(card('4111111111111111', '2030-12'), 'c', now)).toMatchObject({ ok: false, problem: { field: 'c.expiration' } });
    expect(maskCard(card('4111111111111111', '10/2026'), 'c', now)).toEqual({ ok: false, problem: { field: 'c.expiration', message: 'card has expired' } });
  });

  it('treats a card as valid through the last day of its month', () => {
    expect(maskCard(card('4111111111111111', '11/2026'), 'c', now).ok).toBe(true);
    expect(maskCard(card('4111111111111111', '11/2026'), 'c', new Date('2026-12-01T00:00:00Z')).ok).toBe(false);
  });
});
