import type { Credentials, TokenCredential } from '../../platform/auth/authenticate.js';
import { type Changes, keptCopies } from '../../platform/db/changes.js';
import type { Db } from '../../platform/db/database.js';
import { mfaReads } from '../mfa/mfa.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { TOKENS_CHANGED, usersRepository } from './users.repository.js';

// A body's slug and kind are never updated (orgs change their review settings and aliases only) and bodies are
// never deleted: what authentication needs of a body is kept once read, not asked at every request.
const BODIES_NEVER_CHANGE = 'orgs.identity';
const USED_KEPT = 10_000;

/** What authentication asks of accounts: API tokens, browser sessions, their holders' bodies and second factors. */
export function credentialsOf(db: Db, changes: Changes): Credentials {
  const bodies = keptCopies(changes, BODIES_NEVER_CHANGE, async (d, ids: string[]) => {
    const rows = await orgsDirectory.byIds(d, ids);
    return new Map([...rows].map(([id, o]) => [id, { slug: o.slug, kind: o.kind }]));
  });
  // An unrevoked token and its holder, kept once read (a token not found is read again): the look-up was the
  // costliest read of a quick report on SQLite. Every change to what it opens says TOKENS_CHANGED; a node that
  // may have missed news (another process wrote the file; PostgreSQL not listening) reads the rows.
  const tokens = keptCopies(changes, TOKENS_CHANGED, async (d, hashes: string[]) => {
    const found = new Map<string, TokenCredential>();
    for (const hash of hashes) {
      const row = await usersRepository.liveToken(d, hash);
      if (row) found.set(hash, row);
    }
    return found;
  });
  // When each token was last marked used by this node: the kept copy holds the time it was read.
  const usedAt = new Map<string, string>();
  return {
    token: async (tokenHash) => {
      const row = (await tokens.get(db, [tokenHash])).get(tokenHash);
      const used = row && usedAt.get(row.tokenId);
      return row && used && (!row.lastUsedAt || used > row.lastUsedAt) ? { ...row, lastUsedAt: used } : row;
    },
    markTokenUsed: async (tokenId, at) => {
      await usersRepository.markTokenUsed(db, tokenId, at);
      if (usedAt.size >= USED_KEPT) usedAt.clear();
      usedAt.set(tokenId, at);
    },
    session: (sessionHash) => usersRepository.sessionByHash(db, sessionHash),
    markSessionSeen: (sessionHash, at) => usersRepository.markSessionSeen(db, sessionHash, at),
    body: async (orgId) => (await bodies.get(db, [orgId])).get(orgId),
    hasSecondFactor: (userId) => mfaReads.hasSecondFactor(db, userId),
  };
}
