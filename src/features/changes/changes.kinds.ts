import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { PendingChangesTable } from './changes.table.js';

/** A change as stored: what a requesting feature gets back from requestChange. */
export type ChangeRow = PendingChangesTable;

/** A change as its kind applies it, once confirmed. */
export interface ConfirmedChange {
  id: string;
  /** The body whose people or contacts it changes. */
  orgId: string;
  /** What the requesting feature handed to requestChange, as stored (JSON). */
  payload: unknown;
  requestedBy: string;
  subjectUserId: string | null;
}

/**
 * One kind of change that waits for confirmation. A feature that lets someone outside a body change the body's
 * people or contacts (or their credentials, or the roles an identity provider maps to) registers a kind, asks
 * with `requestChange({ kind: name, payload, summary, subject })` instead of changing, and the kind's `apply`
 * makes the change once the body (or a second administrator) confirms it.
 */
export interface ChangeKind {
  /** Stored with each change, e.g. 'user.create'; never renamed once released. */
  readonly name: string;
  /**
   * Makes the change in the unit of the confirmation, on behalf of `confirmer` (already checked: allowed, not
   * the requester, not the same person). Reads `change.payload`, checks again whatever may have moved since the
   * request (the e-mail still free, the contact still there) and throws an AppError when the change no longer
   * applies: nothing is written then, and the change stays pending. Writes the audit rows of what it changes.
   * May return the user it concerns once it exists (a new account: that user is then never taken to confirm
   * its requester's changes), and a secret to show the confirmer once (a first password, a new webhook key):
   * the kind decides whether this confirmer may see it.
   */
  apply(args: {
    unit: Unit;
    change: ConfirmedChange;
    confirmer: Actor;
    /** What `prepare` made, when the kind has one. */
    prepared: unknown;
  }): Promise<Applied | undefined>;
  /**
   * Slow work the confirmation needs, done before its unit of work opens (a unit must not wait on anything
   * slow): hashing the first password of a new account, say. Called only for a caller who may see the change.
   */
  prepare?(): Promise<unknown>;
}

/** What applying a change may hand back. */
export interface Applied {
  subjectUserId?: string;
  secret?: string;
}

/** The kinds Renraku knows, by name; built once in the composition root. */
export interface ChangeKinds {
  get(name: string): ChangeKind | undefined;
  names(): string[];
}

export function createChangeKinds(kinds: readonly ChangeKind[]): ChangeKinds {
  const byName = new Map<string, ChangeKind>();
  for (const kind of kinds) {
    if (byName.has(kind.name)) throw new Error(`change kind ${kind.name} registered twice`);
    byName.set(kind.name, kind);
  }
  return { get: (name) => byName.get(name), names: () => [...byName.keys()] };
}
