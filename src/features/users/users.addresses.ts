import type { Executor } from '../../platform/db/database.js';
import { usersRepository } from './users.repository.js';

/** The Renraku user an e-mail address belongs to: who a message to that address reaches. */
export interface AddressOwner {
  id: string;
  orgId: string;
  role: string;
  active: boolean;
}

const CHUNK = 500;

/**
 * The owners of these addresses (compared in lower case, as users' addresses are stored), for whoever must
 * know that an address is a person's, e.g. notifications deciding whether it may hear of an item.
 */
export async function ownersOf(db: Executor, emails: Iterable<string>): Promise<Map<string, AddressOwner>> {
  const wanted = [...new Set([...emails].map((e) => e.toLowerCase()))];
  const owners = new Map<string, AddressOwner>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await usersRepository.byEmails(db, wanted.slice(i, i + CHUNK));
    for (const u of rows)
      owners.set(u.email, { id: u.id, orgId: u.org_id, role: u.role, active: u.disabled_at === null });
  }
  return owners;
}
