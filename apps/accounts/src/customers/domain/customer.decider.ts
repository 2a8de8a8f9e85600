import { err, FieldProblem, ok, Result } from '@app/core';
import { CustomerSnapshot, MaskedCard } from '@app/contracts';
import { maskCard } from './credit-card.value-object';
import { CustomerErrors } from './customer.errors';
import { Customer, SaveCustomerCommand, SaveDecision } from './customer.types';

const DEFAULT_TIER = 'Bronze';

/** What a save does to the current state, decided purely from the command, the state and the time. */
export function decideSaveCustomer(cmd: SaveCustomerCommand, current: Customer | null, now: Date): Result<SaveDecision> {
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current?.version) {
    return err(CustomerErrors.versionConflict(cmd.customerId, cmd.expectedVersion, current?.version ?? null));
  }
  const cards: MaskedCard[] = [];
  const problems: FieldProblem[] = [];
  cmd.creditCards.forEach((card, i) => {
    const checked = maskCard(card, `creditCards[${i}]`, now, cmd.cardPolicy);
    if (checked.ok) cards.push(checked.card);
    else problems.push(checked.problem);
  });
  if (problems.length > 0) return err(CustomerErrors.cardInvalid(problems));

  const state = {
    customerId: cmd.customerId,
    name: cmd.name,
    contact: cmd.contact,
    addresses: cmd.addresses,
    creditCards: cards,
    tier: cmd.tier ?? DEFAULT_TIER,
  };
  if (current && sameState(current.snapshot, state)) return ok({ kind: 'unchanged', customer: current });

  const at = now.toISOString();
  const snapshot: CustomerSnapshot = { ...state, createdAt: current?.snapshot.createdAt ?? at, updatedAt: at };
  return ok({
    kind: 'changed',
    change: current ? 'Replaced' : 'Created',
    customer: { snapshot, version: (current?.version ?? 0) + 1 },
  });
}

/** Equal documents, whatever their key order and timestamps. */
export function sameState(a: CustomerSnapshot, b: Omit<CustomerSnapshot, 'createdAt' | 'updatedAt'>): boolean {
  const { createdAt: _c, updatedAt: _u, ...rest } = a;
  return canonical(rest) === canonical(b);
}

/** JSON with sorted keys, so equal documents compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
