import { auditKey, parseAuditKey } from '@app/contracts';
import { isAuditableOrderId } from './audit-record';

describe('audit keys', () => {
  it('gives one key per order version, so a redelivered event overwrites its own record', () => {
    expect(auditKey('o-1', 3)).toBe('orders/o-1/v3.json');
    expect(auditKey('o-1', 3)).toBe(auditKey('o-1', 3));
  });

  it('reads a key back, with or without the storage root in front', () => {
    expect(parseAuditKey('orders/o-1/v3.json')).toEqual({ orderId: 'o-1', version: 3 });
    expect(parseAuditKey('/var/audit/orders/o-1/v12.json')).toEqual({ orderId: 'o-1', version: 12 });
    expect(parseAuditKey('/var/audit/orders/.keep')).toBeUndefined();
  });

  it('refuses order ids that would leave their folder', () => {
    expect(isAuditableOrderId('4b7f0c1e-8a54-4f7e-9d2a-0f6b1f1c2d3e')).toBe(true);
    expect(isAuditableOrderId('../etc')).toBe(false);
    expect(isAuditableOrderId('a/b')).toBe(false);
  });
});
