import { CustomerChanged } from '@app/contracts';
import { displayName, toCustomerView } from './customer-view.projection';

describe('customer view projection', () => {
  it('keeps name, tier and the SHIPPING address of the event at its version', () => {
    const shipping = { type: 'SHIPPING' as const, address1: '2 Lane', city: 'Leeds', state: 'WY', postalCode: 'LS1' };
    const event = {
      aggregateId: 'c-9',
      aggregateVersion: 4,
      payload: {
        change: 'Replaced',
        customer: {
          name: { title: 'Dr', firstName: 'Grace', lastName: 'Hopper' },
          tier: 'Silver',
          addresses: [{ type: 'BILLING', address1: '1 Road', city: 'x', state: 'y', postalCode: 'z' }, shipping],
        },
      },
    } as unknown as CustomerChanged;
    expect(toCustomerView(event)).toEqual({ customerId: 'c-9', version: 4, displayName: 'Dr Grace Hopper', tier: 'Silver', shippingAddress: shipping });
  });

  it('joins only the name parts that are present', () => {
    expect(displayName({ firstName: 'Ada', middleName: ' ', lastName: 'Lovelace', suffix: 'II' })).toBe('Ada Lovelace II');
  });
});
