import { createValidationPipe } from '@app/platform';
import { PatchCustomerRequestDto, requireSomeField } from './patch-customer.request.dto';

const pipe = createValidationPipe();
const accept = async (value: unknown) => requireSomeField((await pipe.transform(value, { type: 'body', metatype: PatchCustomerRequestDto })) as PatchCustomerRequestDto);
const REFUSED = { code: 'REQUEST.VALIDATION_FAILED', fields: [{ field: 'body', message: 'give at least one of tier, name, contact, addresses' }] };

describe('the PATCH /customers/{id} body', () => {
  it('given a field, passes it on', async () => {
    await expect(accept({ tier: 'Gold' })).resolves.toEqual({ tier: 'Gold' });
    await expect(accept({ tier: null, contact: { email: 'a@example.com' } })).resolves.toEqual({ contact: { email: 'a@example.com' } });
  });

  it('given no body, {} or only nulls (a null reads as not given), refuses it: it would change nothing', async () => {
    for (const body of [undefined, {}, { tier: null }, { tier: null, name: null, contact: null, addresses: null }]) {
      await expect(accept(body)).rejects.toMatchObject(REFUSED);
    }
  });

  it('refuses a tier that is not one, as before', async () => {
    await expect(accept({ tier: 'Platinum' })).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', fields: [{ field: 'tier' }] });
  });
});
