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

  it('reads M/YY, MM/YY and MM/YYYY expirations', () => {
    expect(parseExpiration('07/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiration('07/2029')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiration('13/2029')).toBeNull();
    expect(parseExpiration('7/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiration('6/19')).toEqual({ month: 6, year: 2019 });
    for (const bad of ['0/29', '00/29', '6/199', '6-19', '/19', '6/', '16/19']) expect(parseExpiration(bad)).toBeNull();
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

  it('stores an M/YY expiry as MM/YYYY', () => {
    expect(maskCard(card('4111111111111111', '1/31'), 'c', now)).toMatchObject({ ok: true, card: { expiration: '01/2031' } });
  });

  describe('given the flag policy (the compatibility route)', () => {
    it('keeps an expired card that fails the check digit, flagged, never with its number', () => {
      const result = maskCard(card('9999-8888-7777-6666', '3/20'), 'c', now, 'flag');
      expect(result).toEqual({
        ok: true,
        card: { type: 'PRIMARY', brand: 'OTHER', last4: '6666', expiration: '03/2020', nameOnCard: 'A LOVELACE', flags: ['CHECK_DIGIT_FAILED', 'EXPIRED'] },
      });
      expect(JSON.stringify(result)).not.toMatch(/9999-?8888/);
    });

    it('flags only what is wrong, and nothing on a good card', () => {
      expect(maskCard(card('4111111111111111', '6/19'), 'c', now, 'flag')).toMatchObject({ ok: true, card: { flags: ['EXPIRED'] } });
      expect(maskCard(card('4111111111111112', '12/2030'), 'c', now, 'flag')).toMatchObject({ ok: true, card: { flags: ['CHECK_DIGIT_FAILED'] } });
      const good = maskCard(card('4111111111111111'), 'c', now, 'flag');
      expect(good.ok && 'flags' in good.card).toBe(false);
    });

    it('still refuses a number that is not 12 to 19 digits and an expiry it cannot read', () => {
      expect(maskCard(card('4111-abc'), 'c', now, 'flag')).toMatchObject({ ok: false, problem: { field: 'c.number' } });
      expect(maskCard(card('4111111111111111', '2030-12'), 'c', now, 'flag')).toMatchObject({ ok: false, problem: { field: 'c.expiration' } });
    });
  });
});
