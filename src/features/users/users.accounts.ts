import type { Executor, Tx } from '../../platform/db/database.js';
import type { HousekeepingStep } from '../../platform/housekeeping.js';
import { usersRepository } from './users.repository.js';

// What other features may read of an account and do to it: a second factor's reset ends the person's sessions;
// single sign-on follows the role its identity provider maps.

export const usersAccounts = {
  /** An account with its body's slug and kind (disabled ones too). */
  byId: (db: Executor, id: string) => usersRepository.byId(db, id),
  /** Ends every session of the person, or every other than `except` (the one that asked). */
  endSessions: (tx: Tx, userId: string, except?: string) =>
    except === undefined
      ? usersRepository.endSessions(tx, userId)
      : usersRepository.endOtherSessions(tx, userId, except),
  /** Gives the person another role. */
  setRole: (tx: Tx, userId: string, role: string) => usersRepository.update(tx, userId, { role }),
};

/** Housekeeping: browser sessions that have expired. */
export const expiredSessions: HousekeepingStep = (handle, now) =>
  usersRepository.deleteExpiredSessions(handle.db, now.toISOString());
