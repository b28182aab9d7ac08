import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';

/** A change as its kind applies it: what was asked (`payload`, JSON), about which body, by whom. */
export interface ConfirmedChange {
  id: string;
  orgId: string;
  payload: unknown;
  requestedBy: string;
  subjectUserId: string | null;
}

/**
 * One kind of change to a body that someone outside it may ask for. `apply` makes it in the given unit on
 * behalf of `confirmer`, checks again whatever may have moved since it was asked, and audits what it changes.
 */
export interface ChangeKind {
  readonly name: string;
  apply(args: {
    unit: Unit;
    change: ConfirmedChange;
    confirmer: Actor;
  }): Promise<{ secret?: string } | undefined>;
}

export interface BodyChange {
  kind: ChangeKind;
  orgId: string;
  /** What the change is about (one open request per subject). */
  subjectKey: string;
  payload: unknown;
  /** What people are shown about it, without secrets. */
  summary: Record<string, unknown>;
}

export type ChangeOutcome = { status: 'applied' } | { status: 'pending'; changeId: string };

/**
 * Where a change to an existing body's sign-in (its identity provider, the roles mapped into it, its password
 * policy) asked by someone outside the body goes. Separation of duties wants it to wait for the body's own
 * security officer; this is the one function to hand it to that confirmation mechanism. Until then the change
 * applies at once, as data that could have waited (its payload goes through JSON as if it had been stored).
 */
export async function submitBodyChange(args: {
  unit: Unit;
  actor: Actor;
  change: BodyChange;
}): Promise<ChangeOutcome> {
  const { unit, actor, change } = args;
  await change.kind.apply({
    unit,
    change: {
      id: newId(),
      orgId: change.orgId,
      payload: JSON.parse(JSON.stringify(change.payload)) as unknown,
      requestedBy: actor.userId,
      subjectUserId: null,
    },
    confirmer: actor,
  });
  return { status: 'applied' };
}
