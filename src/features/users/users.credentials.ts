import type { Credentials } from '../../platform/auth/authenticate.js';
import type { Db } from '../../platform/db/database.js';
import { mfaReads } from '../mfa/mfa.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersRepository } from './users.repository.js';

/** What authentication asks of accounts: API tokens, browser sessions, their holders' bodies and second factors. */
export const credentialsOf = (db: Db): Credentials => ({
  token: (tokenHash) => usersRepository.liveToken(db, tokenHash),
  markTokenUsed: (tokenId, at) => usersRepository.markTokenUsed(db, tokenId, at),
  session: (sessionHash) => usersRepository.sessionByHash(db, sessionHash),
  markSessionSeen: (sessionHash, at) => usersRepository.markSessionSeen(db, sessionHash, at),
  body: (orgId) => orgsDirectory.byId(db, orgId),
  hasSecondFactor: (userId) => mfaReads.hasSecondFactor(db, userId),
});
