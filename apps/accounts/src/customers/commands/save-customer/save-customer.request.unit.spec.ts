import { createValidationPipe } from '@app/platform';
import { CompatCreateCustomerDto, compatCustomer } from './save-customer.request.dto';
import SEED_SAMPLE from './seed-sample.example.json';

const pipe = createValidationPipe();
const validate = (value: unknown) => pipe.transform(value, { type: 'body', metatype: CompatCreateCustomerDto }) as Promise<CompatCreateCustomerDto>;

describe('the compatibility request body', () => {
  it("given the original design's sample verbatim, reads the numeric id as a string and drops the nulls", async () => {
    const body = await validate(JSON.parse(JSON.stringify(SEED_SAMPLE)));
    const { customerId, document } = compatCustomer(body);
    expect(customerId).toBe('123456');
    expect(JSON.parse(JSON.stringify(document.addresses))).toEqual([
      { type: 'BILLING', description: 'My cc billing address', address1: '123 Oak Street', city: 'Sunrise', state: 'CA', postalCode: '12345-6789' },
      { type: 'SHIPPING', description: 'My home address', address1: '123 Oak Street', city: 'Sunrise', state: 'CA', postalCode: '12345-6789' },
    ]);
  });

  it('takes customerId instead of id; without either, names customerId', async () => {
    const { id: _id, ...rest } = SEED_SAMPLE;
    expect(compatCustomer(await validate({ ...rest, customerId: 'c-1' })).customerId).toBe('c-1');
    await expect(validate(rest)).rejects.toMatchObject({
      code: 'REQUEST.VALIDATION_FAILED',
      fields: expect.arrayContaining([{ field: 'customerId', message: 'customerId (or id) is required' }]),
    });
  });

  it('refuses an id and a customerId that differ, and an id that is no id', async () => {
    expect(() => compatCustomer(Object.assign(new CompatCreateCustomerDto(), { ...SEED_SAMPLE, id: '1', customerId: '2' }))).toThrow(expect.objectContaining({ code: 'CUSTOMER.ID_MISMATCH' }));
    for (const id of [-5, 1.5, 'bad id!', true]) await expect(validate({ ...SEED_SAMPLE, id })).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });

  it('takes a numeric customerId as its string, as it does id (the two name the same thing), and a null one as not given', async () => {
    const { id: _id, ...rest } = SEED_SAMPLE;
    expect(compatCustomer(await validate({ ...rest, customerId: 123456 })).customerId).toBe('123456');
    expect(compatCustomer(await validate({ ...SEED_SAMPLE, customerId: null })).customerId).toBe('123456');
    expect(compatCustomer(await validate({ ...SEED_SAMPLE, customerId: 123456 })).customerId).toBe('123456');
    await expect(validate({ ...rest, customerId: null })).rejects.toMatchObject({
      code: 'REQUEST.VALIDATION_FAILED',
      fields: expect.arrayContaining([{ field: 'customerId', message: 'customerId (or id) is required' }]),
    });
  });

  it('reads a null tier or contact as not given', async () => {
    const { document } = compatCustomer(await validate({ ...SEED_SAMPLE, tier: null, contact: null }));
    expect(document.tier).toBeUndefined();
    expect(document.contact).toBeUndefined();
    expect(JSON.stringify(document)).not.toContain('null');
  });
});
