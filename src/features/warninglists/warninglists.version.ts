import type { Tx } from '../../platform/db/database.js';
import { warninglistsRepository } from './warninglists.repository.js';

/**
 * Says, in the transaction of a change, that what warning lists match has changed (a body's own domains, which
 * the orgs feature keeps): every node rebuilds its matcher once the change is committed.
 */
export const warningListsChanged = (tx: Tx): Promise<unknown> => warninglistsRepository.newToken(tx);
