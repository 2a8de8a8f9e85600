import { err, ok, Result } from '@app/core';
import { CustomerSnapshot } from '@app/contracts';
import { sameState } from './customer.decider';
import { CustomerErrors } from './customer.errors';
import { Customer, PatchCustomerCommand, SaveDecision } from './customer.types';

/**
 * What a partial update does: each field given replaces the stored one, the rest (cards included) stays.
 * The event still carries the full new state, as a `Replaced` change.
 */
export function decidePatchCustomer(cmd: PatchCustomerCommand, current: Customer | null, now: Date): Result<SaveDecision> {
  if (!current) return err(CustomerErrors.notFound(cmd.customerId));
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current.version) {
    return err(CustomerErrors.versionConflict(cmd.customerId, cmd.expectedVersion, current.version));
  }
  const { createdAt, updatedAt: _u, ...state } = current.snapshot;
  const next = {
    ...state,
    name: cmd.name ?? state.name,
    contact: cmd.contact ?? state.contact,
    addresses: cmd.addresses ?? state.addresses,
    tier: cmd.tier ?? state.tier,
  };
  if (sameState(current.snapshot, next)) return ok({ kind: 'unchanged', customer: current });
  const snapshot: CustomerSnapshot = { ...next, createdAt, updatedAt: now.toISOString() };
  return ok({ kind: 'changed', change: 'Replaced', customer: { snapshot, version: current.version + 1 } });
}
