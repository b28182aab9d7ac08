import type { Credentials } from '../../platform/auth/authenticate.js';
import { type Changes, keptCopies } from '../../platform/db/changes.js';
import type { Db } from '../../platform/db/database.js';
import { mfaReads } from '../mfa/mfa.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersRepository } from './users.repository.js';

// A body's slug and kind are never updated (orgs change their review settings and aliases only) and bodies are
// never deleted: what authentication needs of a body is kept once read, not asked at every request.
const BODIES_NEVER_CHANGE = 'orgs.identity';

/** What authentication asks of accounts: API tokens, browser sessions, their holders' bodies and second factors. */
export function credentialsOf(db: Db, changes: Changes): Credentials {
  const bodies = keptCopies(changes, BODIES_NEVER_CHANGE, async (d, ids: string[]) => {
    const rows = await orgsDirectory.byIds(d, ids);
    return new Map([...rows].map(([id, o]) => [id, { slug: o.slug, kind: o.kind }]));
  });
  return {
    token: (tokenHash) => usersRepository.liveToken(db, tokenHash),
    markTokenUsed: (tokenId, at) => usersRepository.markTokenUsed(db, tokenId, at),
    session: (sessionHash) => usersRepository.sessionByHash(db, sessionHash),
    markSessionSeen: (sessionHash, at) => usersRepository.markSessionSeen(db, sessionHash, at),
    body: async (orgId) => (await bodies.get(db, [orgId])).get(orgId),
    hasSecondFactor: (userId) => mfaReads.hasSecondFactor(db, userId),
  };
}
