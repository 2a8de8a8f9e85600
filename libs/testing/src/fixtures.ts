/**
 * The only card numbers tests may send. The leak check scans topics, databases and logs for each of
 * them (and for their digit groups) after the suites ran.
 */
export const TEST_CARD_NUMBERS = {
  visa: '4111111111111111',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  discover: '6011111111111117',
  /** Fails the Luhn check. */
  badLuhn: '4111111111111112',
} as const;

export const customerDocument = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: { title: 'Ms', firstName: 'Ada', middleName: 'King', lastName: 'Lovelace', suffix: '' },
  contact: { primaryPhone: '+44 20 7946 0000', secondaryPhone: '+44 20 7946 0001', email: 'ada@example.com' },
  addresses: [
    { type: 'BILLING', description: 'home', address1: '12 Analytical Row', address2: 'Flat 1', city: 'London', state: 'LDN', postalCode: 'N1 9GU' },
    { type: 'SHIPPING', description: 'office', address1: '1 Engine Yard', city: 'London', state: 'LDN', postalCode: 'EC1 2AB' },
  ],
  creditCards: [
    { type: 'PRIMARY', description: 'personal', number: TEST_CARD_NUMBERS.visa, expiration: '12/2030', nameOnCard: 'A LOVELACE' },
    { type: 'ALTERNATE', number: TEST_CARD_NUMBERS.mastercard, expiration: '06/29', nameOnCard: 'A LOVELACE' },
  ],
  tier: 'Gold',
  ...over,
});
